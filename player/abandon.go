package player

import (
	"fmt"
	"math"
	"time"
)

// A fragment request is watched while it runs (watch.go): one whose first byte
// does not come in time is given up (and retried), and a video download that will
// not finish before the buffer it feeds runs dry is abandoned and fetched again
// lower, as dash.js's AbandonRequestsRule does. judgeLoad is that decision, on the
// figures alone (time is a parameter).

// loadProgress is where one request stands.
type loadProgress struct {
	// Elapsed is the time since the request went out; Started says the response
	// has begun, TTFB when.
	Elapsed time.Duration
	Started bool
	TTFB    time.Duration
	// Got counts body bytes so far; Total is the body's length (the announced one,
	// else the ladder's estimate).
	Got, Total int64
}

// loadSituation is what the request is judged against.
type loadSituation struct {
	// Buffer is the media buffered ahead of the playhead now; AtRequest what it
	// was when the request went out.
	Buffer, AtRequest time.Duration
	// Attempt counts earlier attempts at this chunk and level (0: the first).
	Attempt int
	// FirstByteMax bounds the wait for a response (Config.FirstByteTimeout).
	FirstByteMax time.Duration
	// Chunk is the fragment's media duration; Level the level loading; Bitrates
	// the ladder (lowest first). Abandon is false where a download is never
	// abandoned (audio, a pin): only its first byte is judged.
	Chunk    time.Duration
	Level    int
	Bitrates []int64
	Abandon  bool
	// Deadline, when set, is the latest a refetch may finish (since it went
	// out): one that will not is given up (Late).
	Deadline time.Duration
}

// loadVerdict: what to do with the request. Zero: let it run.
type loadVerdict struct {
	// NoResponse: no first byte within Wait; give it up as a failed attempt.
	NoResponse bool
	Wait       time.Duration
	// Late: a refetch with a deadline will not make it.
	Late bool
	// Abandon: fetch the chunk again at level To; Reason says why.
	Abandon bool
	To      int
	Reason  string
}

// abandonGrace is how long a response's body runs before its rate is judged: a
// rate over less says more about the connection's start than about the link.
const abandonGrace = 500 * time.Millisecond

// firstByteWait is how long a request waits for its first byte: half the buffer
// it had when it went out, doubling with each attempt at the same chunk (an origin
// that answers slowly but surely still gets through), bounded below by 2 s and
// above by max.
func firstByteWait(atRequest time.Duration, attempt int, max time.Duration) time.Duration {
	const floor = 2 * time.Second
	w := atRequest / 2
	if g := floor << min(attempt, 8); g > w {
		w = g
	}
	if max > 0 && w > max {
		w = max
	}
	return w
}

// judgeLoad decides about a running request. A response that has not begun is
// given up after firstByteWait. A video download above the lowest level is
// abandoned when, at the rate its body has come so far, it will finish after the
// buffer runs dry and slower than real time (the level cannot be kept up), and the
// chunk at a lower level would arrive sooner than the rest of this one: the level
// is the highest whose whole download fits the buffer left at that rate, else the
// lowest. At the lowest level a download is kept.
func judgeLoad(p loadProgress, s loadSituation) loadVerdict {
	if s.Deadline > 0 && late(p, s.Deadline) {
		return loadVerdict{Late: true}
	}
	if !p.Started {
		if w := firstByteWait(s.AtRequest, s.Attempt, s.FirstByteMax); p.Elapsed >= w {
			return loadVerdict{NoResponse: true, Wait: w}
		}
		return loadVerdict{}
	}
	body := p.Elapsed - p.TTFB
	if !s.Abandon || s.Level <= 0 || s.Level >= len(s.Bitrates) || body < abandonGrace || p.Total <= 0 || p.Got >= p.Total {
		return loadVerdict{}
	}
	rate := float64(p.Got) / body.Seconds() // bytes/s
	left := math.Inf(1)
	if rate > 0 {
		left = float64(p.Total-p.Got) / rate
	}
	buffer := s.Buffer.Seconds()
	if left <= buffer || p.Elapsed.Seconds()+left <= s.Chunk.Seconds() {
		return loadVerdict{}
	}
	cur := float64(s.Bitrates[s.Level])
	fetch := func(j int) float64 { // seconds to fetch the chunk at level j
		if rate <= 0 {
			return math.Inf(1)
		}
		return p.TTFB.Seconds() + float64(p.Total)*float64(s.Bitrates[j])/cur/rate
	}
	to := 0
	for j := s.Level - 1; j > 0; j-- {
		if fetch(j) <= buffer {
			to = j
			break
		}
	}
	if rate > 0 && fetch(to) >= left {
		return loadVerdict{} // finishing this one is still the quicker way
	}
	progress := fmt.Sprintf("no body byte in %.1f s", body.Seconds())
	if rate > 0 {
		progress = fmt.Sprintf("%s of %s in %.1f s, %.1f s to go", kb(p.Got), kb(p.Total), p.Elapsed.Seconds(), left)
	}
	return loadVerdict{Abandon: true, To: to, Reason: fmt.Sprintf("abandoned: %s, buffer %.1f s", progress, buffer)}
}

// late reports whether a load will not be done by deadline: it is past it, or its
// body has come for abandonGrace at a rate that ends after it.
func late(p loadProgress, deadline time.Duration) bool {
	if p.Elapsed >= deadline {
		return true
	}
	body := p.Elapsed - p.TTFB
	if !p.Started || body < abandonGrace || p.Total <= 0 {
		return false
	}
	if p.Got == 0 {
		return true
	}
	left := time.Duration(float64(p.Total-p.Got) / float64(p.Got) * float64(body))
	return p.Elapsed+left > deadline
}

func kb(n int64) string { return fmt.Sprintf("%d KB", (n+500)/1000) }
