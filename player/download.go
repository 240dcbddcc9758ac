package player

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// errEndOfStream: the origin has no such fragment at the end of a VOD presentation.
var errEndOfStream = errors.New("end of stream")

// download fetches t's fragments from the one starting at ticks from on, keeping the
// buffer target ahead of the playhead, until the timeline ends or ctx is done.
func (s *Session) download(ctx context.Context, t *track, from uint64) {
	next := from
	announced := true // the last fragment's tfrf named what follows it
	var prober edgeProber
	for {
		fr, ok, over := s.nextFragment(t, next)
		if over {
			t.buf.finish()
			return
		}
		if !ok { // live: not announced yet
			if !announced {
				s.askRefresh()
			}
			if prober.probe(ctx, s, t) {
				continue
			}
			if !s.sleep(ctx, 200*time.Millisecond) {
				return
			}
			continue
		}
		ahead, ok := s.waitRoom(ctx, t)
		if !ok {
			return
		}
		lvl := s.chooseLevel(t, fr, ahead)
		data, tr, used, err := s.fetchFragment(ctx, t, lvl, fr)
		if ctx.Err() != nil {
			return
		}
		if errors.Is(err, errEndOfStream) {
			t.buf.finish()
			return
		}
		base := s.baseTime()
		end := t.rel(fr.End(), base)
		if err == nil {
			var mf *smooth.MediaFragment
			mf, err = smooth.ParseFragment(data, smooth.FragmentOptions{Timescale: t.si.TimeScale, Start: fr.Start, Kind: t.kind})
			if err == nil {
				s.addLookahead(t, mf.Lookahead)
				announced = len(mf.Lookahead) > 0
				s.noteTfrf(t, fr, announced)
				s.fragmentDone(t, used, fr, tr)
				s.mu.Lock()
				s.noteFragment(t, nil)
				s.mu.Unlock()
				t.buf.push(chunk{level: used, samples: mf.Samples}, end)
				next = fr.End()
				continue
			}
			err = fmt.Errorf("%s fragment at t=%d: %w", t.kind, fr.Start, err)
		}
		// Retries failed: skip the fragment, the gap is counted.
		now := s.cfg.Clock.Now()
		s.mu.Lock()
		s.st.Gaps++
		s.emit(ErrorEvent{At: s.since(now), Msg: fmt.Sprintf("skipped %s fragment at %.3fs: %v", t.kind, t.rel(fr.Start, base).Seconds(), err)})
		s.noteFragment(t, err)
		s.mu.Unlock()
		t.buf.push(chunk{}, end)
		next = fr.End()
	}
}

func (s *Session) baseTime() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.base
}

// roomWait is how long a downloader with a full buffer waits before looking again:
// until the buffer has drained below target, at most 250 ms.
func roomWait(ahead, target time.Duration) time.Duration {
	if ahead < target {
		return 0
	}
	return min(ahead-target+10*time.Millisecond, 250*time.Millisecond)
}

// waitRoom blocks while t holds the buffer target; it returns the buffer ahead.
func (s *Session) waitRoom(ctx context.Context, t *track) (time.Duration, bool) {
	for {
		s.mu.Lock()
		end, _ := t.buf.state()
		ahead := end - s.position(s.cfg.Clock.Now())
		s.mu.Unlock()
		w := roomWait(ahead, s.cfg.BufferTarget)
		if w == 0 {
			return ahead, true
		}
		if !s.sleep(ctx, w) {
			return 0, false
		}
	}
}

// chooseLevel picks the level of t's next fragment fr: audio plays its best level,
// video asks the policy (the session's very first video fragment is the lowest
// level), and the pin overrides it. A change is a switch event.
func (s *Session) chooseLevel(t *track, fr smooth.Fragment, ahead time.Duration) int {
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	lvl, reason, pinned := len(t.levels)-1, "best audio", false
	var tput float64
	if t.kind == media.KindVideo {
		in := s.policyInput(t, fr, ahead, now)
		tput = in.Throughput
		d := afterFailures(in, t.failures, s.cfg.Policy.Select(in))
		lvl, reason = min(max(d.Level, 0), len(t.levels)-1), d.Reason
		s.st.Video.Caps = capsOf(d.Proposals, len(in.Ladder))
		if t.dlLevel < 0 && !s.started {
			// Startup: the first fragment is the smallest, whatever the policy
			// guesses without a single measurement.
			lvl, reason = 0, "startup: small first fragment"
		}
		if in.Pinned {
			lvl, pinned = in.Pin, true
			if !strings.HasPrefix(reason, "pinned") { // the abr engine says so itself
				reason = "pinned (auto: " + reason + ")"
			}
		}
	}
	if t.dlLevel >= 0 && lvl != t.dlLevel {
		s.emit(SwitchEvent{At: s.since(now), Kind: t.kind, From: t.ladder[t.dlLevel].Bitrate, To: t.ladder[lvl].Bitrate, Reason: reason, Pinned: pinned, Throughput: int64(tput)})
	}
	t.dlLevel = lvl
	if t.kind == media.KindVideo {
		s.started = true
	}
	return lvl
}

// policyInput assembles what the policy sees; the caller holds s.mu.
func (s *Session) policyInput(t *track, fr smooth.Fragment, ahead time.Duration, now time.Time) abr.Input {
	var frame time.Duration
	if t.level >= 0 {
		frame = s.st.Video.FrameDuration
	}
	in := abr.Input{
		Now: now.Sub(s.start), Ladder: ladderOf(t.ladder, frame), Current: t.dlLevel, Buffer: ahead,
		MaxBuffer: s.cfg.BufferTarget, ChunkDuration: smooth.Seconds(fr.Duration, t.si.TimeScale), ChunksLeft: -1,
		Stalls: s.st.Stalls, Decode: append([]abr.DecodeStats(nil), s.decodeStats...),
		CPULoad: -1, MaxLevel: -1, DecodeBudget: s.cfg.DecodeBudget,
	}
	in.Transfers, in.Throughput = s.cfg.Meter.Snapshot()
	if s.cfg.Sensors != nil {
		in.Power, in.CPULoad = s.cfg.Sensors()
	}
	if s.cfg.ViewSize != nil {
		w, h := s.cfg.ViewSize()
		in.MaxLevel = viewCap(t.ladder, w, h)
	}
	if t.decTime != nil && len(in.Decode) == 0 && in.Current >= 0 {
		// Before a frame was presented the decoder's mean time is all there is.
		if d := t.decTime(); d > 0 {
			in.Decode = make([]abr.DecodeStats, len(in.Ladder))
			in.Decode[in.Current].MeanFrame = d
		}
	}
	if p := s.pin.resolve(t.ladder); p >= 0 {
		in.Pinned, in.Pin = true, p
	}
	if last, ok := t.si.Timeline.Last(); ok {
		if s.live() {
			in.LiveLatency = max(s.liveEdge(t)-s.position(now), 0)
			in.LiveTarget = s.liveTarget(t)
		} else if last.Index >= fr.Index {
			in.ChunksLeft = int(last.Index - fr.Index + 1)
		}
	}
	return in
}

// fetchFragment downloads fragment fr at level lvl with retries; after they fail at
// a video level above the lowest, it tries the next lower level once more. A 404 for
// the last fragment of a VOD presentation is errEndOfStream.
func (s *Session) fetchFragment(ctx context.Context, t *track, lvl int, fr smooth.Fragment) ([]byte, abr.Transfer, int, error) {
	stepped, early := false, 0
	const maxEarly = 40
	for {
		q := t.levels[lvl]
		u, err := smooth.ResolveFragmentURL(s.manifestURL(), t.si.FragmentURL(q, fr.Start))
		if err != nil {
			return nil, abr.Transfer{}, lvl, err
		}
		for attempt := 0; ; attempt++ {
			data, tr, _, err := s.fetch.get(ctx, u.String(), s.cmcd(t, lvl, fr), maxFragment)
			if err == nil {
				s.mu.Lock()
				t.failures = 0
				s.mu.Unlock()
				return data, tr, lvl, nil
			}
			if ctx.Err() != nil {
				return nil, abr.Transfer{}, lvl, ctx.Err()
			}
			var se *StatusError
			if errors.As(err, &se) && se.Code == http.StatusNotFound && s.atEnd(t, fr) {
				return nil, abr.Transfer{}, lvl, errEndOfStream
			}
			if errors.As(err, &se) && early < maxEarly && (se.Code == http.StatusPreconditionFailed ||
				se.Code == http.StatusNotFound && s.atLiveEdge(t, fr)) {
				// Live: asked before the fragment is available (412, or 404 from an
				// origin that serves files); not an error.
				early++
				attempt--
				if !s.sleep(ctx, 250*time.Millisecond) {
					return nil, abr.Transfer{}, lvl, ctx.Err()
				}
				continue
			}
			s.mu.Lock()
			t.failures++
			retry := attempt < s.cfg.Retries
			note := "giving up"
			if retry {
				note = "retrying"
			}
			s.emit(ErrorEvent{At: s.since(s.cfg.Clock.Now()), Msg: fmt.Sprintf("%v (%s)", err, note)})
			s.mu.Unlock()
			if !retry {
				if t.kind == media.KindVideo && lvl > 0 && !stepped {
					stepped = true
					lvl--
					break
				}
				return nil, abr.Transfer{}, lvl, err
			}
			if !s.sleep(ctx, backoff(attempt, s.cfg.RetryBase, s.cfg.RetryMax, s.fetch.jitter())) {
				return nil, abr.Transfer{}, lvl, ctx.Err()
			}
		}
	}
}

func (s *Session) manifestURL() *url.URL {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.manURL
}

// atEnd reports whether fr is the last fragment of a VOD presentation (or beyond
// its duration).
func (s *Session) atEnd(t *track, fr smooth.Fragment) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.man == nil || s.man.IsLive {
		return false
	}
	last, ok := t.si.Timeline.Last()
	return !ok || fr.Index >= last.Index || (s.duration > 0 && t.rel(fr.Start, s.base) >= s.duration)
}

// fragmentDone accounts a downloaded fragment: stats, estimator, event.
func (s *Session) fragmentDone(t *track, lvl int, fr smooth.Fragment, tr abr.Transfer) {
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	tr.Level, tr.Audio, tr.End = lvl, t.kind != media.KindVideo, now.Sub(s.start)
	s.cfg.Meter.Observe(tr)
	br := t.ladder[lvl].Bitrate
	dur := smooth.Seconds(fr.Duration, t.si.TimeScale)
	s.st.Fragments++
	s.st.Bytes += tr.Bytes
	if t == s.leadTrack() {
		s.brSum += float64(br) * dur.Seconds()
		s.brDur += dur.Seconds()
	}
	s.emit(FragmentEvent{At: s.since(now), Kind: t.kind, Bitrate: br, Start: t.rel(fr.Start, s.base), Duration: dur,
		Bytes: tr.Bytes, TTFB: tr.TTFB, Took: tr.Duration, Throughput: int64(s.cfg.Meter.Estimate())})
}

// cmcd returns the Common Media Client Data headers for a fragment request (nil
// when CMCD is off).
func (s *Session) cmcd(t *track, lvl int, fr smooth.Fragment) http.Header {
	if !s.cfg.CMCD {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ot := "a"
	if t.kind == media.KindVideo {
		ot = "v"
	}
	end, _ := t.buf.state()
	bl := max(end-s.clock.Position(s.cfg.Clock.Now()), 0)
	h := http.Header{}
	h.Set("CMCD-Object", "br="+strconv.FormatInt(t.ladder[lvl].Bitrate/1000, 10)+",d="+
		strconv.FormatInt(smooth.Seconds(fr.Duration, t.si.TimeScale).Milliseconds(), 10)+",ot="+ot)
	h.Set("CMCD-Request", "bl="+strconv.FormatInt(bl.Milliseconds()/100*100, 10))
	h.Set("CMCD-Session", `sid="`+s.cfg.SessionID+`",sf=s,st=v`)
	if tp := int64(s.cfg.Meter.Estimate()); tp > 0 {
		h.Set("CMCD-Request", h.Get("CMCD-Request")+",mtp="+strconv.FormatInt(tp/100_000*100, 10))
	}
	return h
}
