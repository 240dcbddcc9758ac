package player

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/media"
)

// download is t's scheduler: from chunk c on, it waits for room below the buffer
// target, picks the level, has the loader fetch the chunk and pushes its samples
// into the track's buffer, until the track ends or ctx is done.
func (s *Session) download(ctx context.Context, t *track, c Chunk) { s.downloadLap(ctx, t, c, 0) }

// downloadLap is download from chunk c of a looped presentation's lap that starts
// at shift (positions grow by its length a lap).
func (s *Session) downloadLap(ctx context.Context, t *track, c Chunk, shift time.Duration) {
	ahead := func() time.Duration {
		s.mu.Lock()
		defer s.mu.Unlock()
		end, _ := t.buf.state()
		return end - s.position(s.cfg.Clock.Now())
	}
	defer func() {
		s.mu.Lock()
		t.loadDone = true
		s.mu.Unlock()
	}()
	for {
		if t.marks != "" {
			// A sparse stream has nothing between its fragments: buffered up to
			// the next, which waits for room like any other.
			t.buf.push(chunk{}, c.Start+shift)
		}
		left, ok := s.waitRoom(ctx, t, c.Duration)
		if !ok {
			return
		}
		if r, ok := s.replace(t, shift); ok {
			c, left = r, ahead()
		} else if roomWait(left, s.cfg.BufferTarget) > 0 && s.upgradeStep(ctx, t, shift) {
			continue // a buffered fragment fetched again higher; the buffer is still full
		}
		lvl, gen := s.chooseLevel(t, c, left)
		res, used, err := s.fetchChunk(ctx, t, lvl, c)
		if ctx.Err() != nil {
			return
		}
		if errors.Is(err, ErrEndOfStream) {
			if c, ok = s.nextLap(t, &shift); ok {
				continue
			}
			t.buf.finish()
			return
		}
		if err == nil {
			s.fragmentDone(t, used, c, res.Transfer)
			s.mu.Lock()
			s.noteFragment(t, nil)
			s.mu.Unlock()
			t.buf.push(chunk{level: used, samples: shifted(res.Samples, shift), start: c.Start + shift, end: c.End() + shift, gen: gen}, c.End()+shift)
		} else {
			// Retries failed: skip the fragment, the gap is counted (a text
			// track's is no gap in the media; one lost for good stops trying).
			now := s.cfg.Clock.Now()
			s.mu.Lock()
			if t.kind != media.KindText {
				s.st.Gaps++
			}
			s.emit(ErrorEvent{At: s.since(now), Msg: fmt.Sprintf("skipped %s fragment at %.3fs: %v", t.kind, c.Start.Seconds(), err)})
			s.noteFragment(t, err)
			lost := t.kind == media.KindText && t.lostRun >= deadRun
			s.mu.Unlock()
			t.buf.push(chunk{}, c.End()+shift)
			if lost {
				t.buf.finish()
				return
			}
		}
		next, err := t.src.Next(ctx, c, ahead)
		if errors.Is(err, ErrEndOfStream) {
			if next, ok = s.nextLap(t, &shift); ok {
				err = nil
			}
		}
		if err != nil {
			if errors.Is(err, ErrEndOfStream) {
				t.buf.finish()
			}
			return
		}
		c = next
	}
}

// roomWait is how long a downloader with a full buffer waits before looking again:
// until the buffer has drained below target, at most 250 ms.
func roomWait(ahead, target time.Duration) time.Duration {
	if ahead < target {
		return 0
	}
	return min(ahead-target+10*time.Millisecond, 250*time.Millisecond)
}

// waitRoom blocks while t holds the buffer target, or is a fragment (next, the
// duration of the one it is to fetch) ahead of the track it keeps in step with
// (aheadOfLead: until that track's buffer grows, looking again every followWait); it
// returns the buffer ahead.
func (s *Session) waitRoom(ctx context.Context, t *track, next time.Duration) (time.Duration, bool) {
	for {
		if t.marks == markChapter {
			return 0, true // chapters are few and small: all are read at once
		}
		s.mu.Lock()
		end, _ := t.buf.state()
		ahead := end - s.position(s.cfg.Clock.Now())
		follow, grown := s.aheadOfLead(t, end-next)
		s.mu.Unlock()
		w := roomWait(ahead, s.cfg.BufferTarget)
		if w == 0 && follow {
			w = followWait
		} else {
			grown = nil
		}
		if w == 0 || s.replaceDue(t) || s.upgradeDue(t) {
			return ahead, true
		}
		if !s.sleepOr(ctx, w, grown) {
			return 0, false
		}
	}
}

// chooseLevel picks the level of t's next chunk c: audio plays its best level,
// video asks the policy (the session's very first video fragment is the lowest
// level), and the pin overrides it. A change is a switch event. It also returns the
// pin generation the choice was made under.
func (s *Session) chooseLevel(t *track, c Chunk, ahead time.Duration) (int, uint64) {
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	lvl, reason, pinned := len(t.ladder)-1, "best audio", false
	var tput float64
	if t.kind == media.KindVideo {
		in := s.policyInput(t, c, ahead, now)
		tput = in.Throughput
		d := excludeFailed(in, t.excluded, now, afterFailures(in, t.failures, s.cfg.Policy.Select(in)))
		lvl, reason = min(max(d.Level, 0), len(t.ladder)-1), d.Reason
		s.st.Video.Caps = capsOf(d.Proposals, len(in.Ladder))
		if t.dlLevel < 0 {
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
		if !pinned && lvl >= t.dlLevel+upgradeMinStep {
			s.planUpgrade(t, lvl, c, ahead, now)
		}
	}
	t.dlLevel = lvl
	return lvl, s.pinGen
}

// policyInput assembles what the policy sees; the caller holds s.mu.
func (s *Session) policyInput(t *track, c Chunk, ahead time.Duration, now time.Time) abr.Input {
	var frame time.Duration
	if t.level >= 0 {
		frame = s.st.Video.FrameDuration
	}
	in := abr.Input{
		Now: now.Sub(s.start), Ladder: ladderOf(t.ladder, frame), Current: t.dlLevel, Buffer: ahead,
		MaxBuffer: s.cfg.BufferTarget, ChunkDuration: c.Duration, ChunksLeft: c.Left,
		Stalls:  s.st.Stalls,
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
	// With DiscardMedia nothing decodes (NullDecoders): a frame late there is the
	// process's own scheduling (a load generator's hundreds of viewers, a busy
	// machine), not the device's decoding or drawing, so it caps no level.
	if !s.cfg.DiscardMedia {
		in.Decode = append([]abr.DecodeStats(nil), t.decode...)
		if t.decTime != nil && len(in.Decode) == 0 && in.Current >= 0 {
			// Before a frame was presented the decoder's mean time is all there is.
			if d := t.decTime(); d > 0 {
				in.Decode = make([]abr.DecodeStats, len(in.Ladder))
				in.Decode[in.Current].MeanFrame = d
			}
		}
	}
	if p := s.pin.resolve(t.ladder); p >= 0 {
		in.Pinned, in.Pin = true, p
	}
	if s.loopLength() > 0 {
		in.ChunksLeft = -1 // a looped presentation has no end to plan for
	}
	in.Upcoming = upcomingSizes(in.Ladder, c.Duration, in.ChunksLeft)
	if tm := s.src.Timing(); tm.Live {
		in.LiveLatency = max(tm.Edge-s.position(now), 0)
		in.LiveTarget = s.liveTarget(tm)
	}
	return in
}

// fragmentDone accounts a downloaded chunk: stats, the meter, an event.
func (s *Session) fragmentDone(t *track, lvl int, c Chunk, tr abr.Transfer) {
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	tr.Level, tr.Audio = lvl, t.kind != media.KindVideo
	if tr.End <= 0 {
		tr.End = now.Sub(s.start)
	}
	if tr.Bytes > 0 { // not a fragment the manifest carried (inline sparse data)
		s.cfg.Meter.Observe(tr)
	}
	br := t.ladder[lvl].Bitrate
	s.st.Fragments++
	s.st.Bytes += tr.Bytes
	t.brSum += float64(br) * c.Duration.Seconds()
	t.brDur += c.Duration.Seconds()
	s.emit(FragmentEvent{At: s.since(now), Kind: t.kind, Bitrate: br, Start: c.Start, Duration: c.Duration,
		Bytes: tr.Bytes, TTFB: tr.TTFB, Took: tr.Duration, Throughput: int64(s.cfg.Meter.Estimate())})
}

// nextLap goes round a looped presentation: past its end a scheduler goes on at its
// first chunk, a lap (its length) later. False when not looping, and for chapters
// (the first lap's are the presentation's).
func (s *Session) nextLap(t *track, shift *time.Duration) (Chunk, bool) {
	d := s.loopLength()
	if d <= 0 || t.marks == markChapter { // chapters are read once, all at once (waitRoom)
		return Chunk{}, false
	}
	c, ok := t.src.Locate(0)
	if ok {
		*shift += d
	}
	return c, ok
}

// shifted moves samples by d on their own clock (a loop lap).
func shifted(smps []media.Sample, d time.Duration) []media.Sample {
	if d <= 0 {
		return smps
	}
	for i := range smps {
		ts := smps[i].Timescale
		smps[i].Time += uint64(d/time.Second)*ts + uint64(d%time.Second)*ts/uint64(time.Second)
	}
	return smps
}
