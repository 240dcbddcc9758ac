package load

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/smoothie-player/smoothie/player"
)

// Progress is a run's state at one second.
type Progress struct {
	Elapsed time.Duration
	// Viewers by state: started so far; starting (no frame yet), playing,
	// stalled, failed (their session ended in an error), ended (a live
	// presentation that ended).
	Started, Starting, Playing, Stalled, Failed, Ended int
	// ReqPerSec and MBPerSec over the last second.
	ReqPerSec, MBPerSec float64
	// Errors by kind since the start ("http 503", "timeout", "reset", …).
	Errors map[string]int
	// BufferP50 and BufferP95 over the viewers that play.
	BufferP50, BufferP95 time.Duration
	// Self is the load generator's last second (CPU share -1: unknown).
	Self selfSecond
}

// progress reports a snapshot every second until ctx ends.
func (r *run) progress(ctx context.Context) {
	if r.cfg.Progress == nil {
		return
	}
	t := time.NewTicker(time.Second)
	defer t.Stop()
	last := time.Now()
	var req0, bytes0 int64
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			p := r.sample(now)
			req, b := r.all.requests.Load(), r.all.bytes.Load()
			dt := now.Sub(last).Seconds()
			p.ReqPerSec, p.MBPerSec = float64(req-req0)/dt, float64(b-bytes0)/dt/1e6
			req0, bytes0, last = req, b, now
			r.cfg.Progress(p)
		}
	}
}

// sample counts the viewers by state and takes the buffer quantiles.
func (r *run) sample(now time.Time) Progress {
	p := Progress{Elapsed: now.Sub(r.start), Errors: r.all.errorsByKind()}
	p.Self, _ = r.self.last()
	var bufs []time.Duration
	for _, v := range r.snapshot() {
		p.Started++
		if v.failed() != "" {
			p.Failed++
			continue
		}
		if v.s == nil {
			continue
		}
		st := v.s.Stats()
		switch {
		case st.State == player.StateEnded:
			p.Ended++
		case st.State == player.StateStalled:
			p.Stalled++
		case st.TTFF == 0:
			p.Starting++
		default:
			p.Playing++
			bufs = append(bufs, viewerBuffer(st))
		}
	}
	slices.Sort(bufs)
	p.BufferP50, p.BufferP95 = quantileDur(bufs, 0.5), quantileDur(bufs, 0.95)
	return p
}

// viewerBuffer is what a viewer has ahead: the shorter of its video and audio
// buffers (the one that runs dry first).
func viewerBuffer(st player.Stats) time.Duration {
	switch {
	case st.Video.Active && st.Audio.Active:
		return min(st.Video.Buffer, st.Audio.Buffer)
	case st.Audio.Active:
		return st.Audio.Buffer
	}
	return st.Video.Buffer
}

// quantileDur is the q-quantile of sorted (nearest rank; 0 when empty).
func quantileDur(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))]
}

// String is the one-line progress `smoothie load` prints every second.
func (p Progress) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%4.0fs  viewers %d: %d playing, %d stalled, %d starting, %d failed", p.Elapsed.Seconds(), p.Started, p.Playing, p.Stalled, p.Starting, p.Failed)
	if p.Ended > 0 {
		fmt.Fprintf(&b, ", %d ended", p.Ended)
	}
	fmt.Fprintf(&b, " · %.0f req/s, %.1f MB/s · buffer p50 %.1f s, p95 %.1f s", p.ReqPerSec, p.MBPerSec, p.BufferP50.Seconds(), p.BufferP95.Seconds())
	b.WriteString(" · errors ")
	b.WriteString(formatErrors(p.Errors))
	if p.Self.CPU >= 0 {
		fmt.Fprintf(&b, " · self CPU %.0f%%", p.Self.CPU*100)
	}
	if p.Self.Late > selfLateLimit {
		fmt.Fprintf(&b, ", late %.0f ms", float64(p.Self.Late.Milliseconds()))
	}
	return b.String()
}

// formatErrors is "0" or "http 503 12, timeout 3" (most first, then by name).
func formatErrors(m map[string]int) string {
	if len(m) == 0 {
		return "0"
	}
	kinds := make([]string, 0, len(m))
	for k := range m {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool {
		if m[kinds[i]] != m[kinds[j]] {
			return m[kinds[i]] > m[kinds[j]]
		}
		return kinds[i] < kinds[j]
	})
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}
