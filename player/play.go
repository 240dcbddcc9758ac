package player

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// pipeline is the set of goroutines playing from one position: per track a
// downloader and its kind's Renderer (a decoder and a presenter). A seek stops it
// and starts another.
type pipeline struct {
	cancel    context.CancelFunc
	wg        sync.WaitGroup
	renderers []Renderer
	laps      int // the times a looped presentation's end has played through
	// text is the text track's part, stopped and started on its own when the
	// text track changes (nil: none shown).
	text *pipeline
}

// run starts f as one of p's goroutines.
func (p *pipeline) run(f func()) {
	p.wg.Add(1)
	go func() { defer p.wg.Done(); f() }()
}

// play runs the session loop: state machine, pending seeks and track switches, end.
func (s *Session) play(ctx context.Context) error {
	s.mu.Lock()
	start, why := s.startPosition()
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); s.src.Run(rctx) }()
	defer func() { cancel(); <-done }()
	p := s.startPipeline(ctx, start, startFirst, why)
	s.mu.Unlock()
	defer func() { s.stopPipeline(p) }()
	t := s.cfg.Clock.NewTimer(tickBusy)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C():
		case <-s.kick:
		}
		now := s.cfg.Clock.Now()
		s.mu.Lock()
		t.Reset(s.step(now))
		s.lapped(p, now)
		s.checkLiveStuck(now)
		if err := s.fatal; err != nil {
			s.mu.Unlock()
			return err
		}
		ended := s.state == StateEnded
		seek, audio, exact := s.pending.seek, s.pending.audio, s.pending.exact
		text, textSet := s.pending.text, s.pending.textSet
		s.pending = command{audio: -1}
		if textSet {
			s.restartText(ctx, p, text, now)
		}
		reason := ""
		if seek == nil {
			if to, why, ok := s.catchUp(now); ok {
				seek, reason = &to, why
			}
		}
		loop := ended && s.cfg.Loop && seek == nil && !s.playedEnough()
		if loop {
			s.st.Loops++
			s.emit(LoopEvent{At: s.since(now), Loops: s.st.Loops})
		}
		nothing, lastErr := false, ""
		if ended {
			nothing, lastErr = !s.decodedAny(), s.st.LastError
		}
		s.mu.Unlock()
		if ended && seek == nil && !loop {
			if nothing {
				return fmt.Errorf("nothing could be played: no track fetched and decoded anything (last error: %s)", lastErr)
			}
			return nil
		}
		if seek == nil && audio < 0 && !loop {
			continue
		}
		s.stopPipeline(p)
		s.mu.Lock()
		s.switchAudio(audio, now)
		// An audio track switch resumes where playback is; a seek or a loop restarts.
		to, how := s.wrap(s.position(now)), startResume
		switch {
		case seek != nil && exact:
			to, how = *seek, startExact
		case seek != nil:
			to, how = *seek, startSeek
		case loop:
			to, how = 0, startLoop
		}
		p = s.startPipeline(ctx, to, how, reason)
		s.mu.Unlock()
	}
}

// switchAudio replaces the audio track with the i-th audio track of the
// presentation (i < 0: none asked) and tells the source; the caller holds s.mu and
// has stopped the pipeline.
func (s *Session) switchAudio(i int, now time.Time) {
	old := s.byKind(media.KindAudio)
	if old == nil || i < 0 || i >= len(s.audioStreams) {
		return
	}
	nt, err := newTrack(s.audioStreams[i], s.seed())
	if err != nil {
		s.emit(ErrorEvent{At: s.since(now), Msg: err.Error()})
		return
	}
	nt.master, nt.brSum, nt.brDur = old.master, old.brSum, old.brDur
	s.tracks[slices.Index(s.tracks, old)] = nt
	s.st.Audio.Levels = nt.ladder
	sel := make([]SourceTrack, len(s.tracks))
	for i, t := range s.tracks {
		sel[i] = t.src
	}
	s.src.Select(sel)
}

// step advances the state machine at now and returns how long the session loop may
// wait before the next step; the caller holds s.mu.
func (s *Session) step(now time.Time) time.Duration {
	pos := s.position(now)
	s.st.Played += s.clock.advanced(pos, s.state == StatePlaying && !s.paused)
	in := stateInput{
		State:          s.state,
		Remaining:      time.Hour, // live, or unknown, or looped: no end to wait for
		StartBuffer:    s.cfg.StartBuffer,
		RebufferTarget: s.cfg.RebufferTarget,
		LiveEarly:      s.liveEarly(pos),
	}
	if d := s.src.Timing().Duration; d > 0 && !s.cfg.Loop {
		in.Remaining = d - pos
	}
	for _, t := range s.tracks {
		end, eos := t.buf.state()
		in.Tracks = append(in.Tracks, trackState{Ahead: end - pos, EOS: eos, Done: t.done})
	}
	next := nextState(in)
	if s.playedEnough() {
		next = StateEnded
	}
	s.showCues(pos, now)
	s.showMarks(pos, now)
	playLeft := time.Duration(math.MaxInt64)
	if s.cfg.PlayFor > 0 {
		playLeft = s.cfg.PlayFor - s.st.Played
	}
	in.State = next
	wait := loopWait(in, playLeft)
	if d := s.nextCueChange(pos); d > 0 && d < wait {
		wait = d
	}
	if d := s.nextMark(pos); d > 0 && d < wait {
		wait = d
	}
	if next == s.state {
		return wait
	}
	at := s.since(now)
	switch {
	case next == StateStalled:
		s.stallStart = now
		s.emit(StallEvent{At: at, Position: pos})
	case s.state == StateStalled && next == StatePlaying:
		d := now.Sub(s.stallStart)
		s.st.StallTime += d
		s.emit(ResumeEvent{At: at, Stalled: d})
	}
	s.state = next
	s.clock.Run(s.clockRunning(), now)
	if s.cfg.AudioSink != nil {
		s.cfg.AudioSink.SetPaused(!s.clockRunning())
	}
	s.emit(StateEvent{At: at, State: next})
	return wait
}

// playedEnough reports whether Config.PlayFor has played; the caller holds s.mu.
func (s *Session) playedEnough() bool {
	return s.cfg.PlayFor > 0 && s.st.Played >= s.cfg.PlayFor
}

func (s *Session) clockRunning() bool { return s.state == StatePlaying && !s.paused }

// audioWaitMax bounds how long the playhead waits for the master audio to be heard
// before the monotonic clock takes over (a device that never plays).
const audioWaitMax = 3 * time.Second

// position is the playhead at now: the audio sink's when it is the master clock and
// playing, else the monotonic clock. The caller holds s.mu.
//
// While playback runs but the master audio is not heard yet (the device is starting,
// or restarting after a pause or a stall: PulseAudio has been seen to take 1.8 s to
// start a stream on a loaded machine), the playhead holds still rather than run the
// video ahead of the sound on the monotonic clock; for at most audioWaitMax, and not
// once the audio track has ended.
func (s *Session) position(now time.Time) time.Duration {
	if a := s.byKind(media.KindAudio); a != nil && a.master && s.clockRunning() {
		if p, ok := s.cfg.AudioSink.Played(); ok {
			a.heardWait = time.Time{}
			rel := p - s.base
			s.clock.Set(rel, now)
			return rel
		}
		if !a.done {
			if a.heardWait.IsZero() {
				a.heardWait = now
				s.clock.Set(s.clock.Position(now), now)
			}
			if now.Sub(a.heardWait) < audioWaitMax {
				s.clock.Set(s.clock.base, now)
				return s.clock.base
			}
		}
	}
	return s.clock.Position(now)
}

// startMode says why a pipeline starts.
type startMode int

const (
	startFirst  startMode = iota // the session's start
	startSeek                    // a seek: a SeekEvent
	startLoop                    // the end of a looped VOD: back to 0
	startResume                  // an audio track switch: on from the playhead
	startExact                   // a jump to a chapter: a SeekEvent, on from that very position
)

// startPipeline starts playing from pos, snapped to the start of the video fragment
// holding it, except when resuming or jumping to a chapter: then the tracks download
// from the fragments holding pos and the decoders leave out what ends before it, so
// playback goes on where it was, or starts where the chapter does. A live position is kept within the DVR window and no nearer the live
// edge than the target latency. A seek, or a start that reason explains, is a
// SeekEvent. The caller holds s.mu.
func (s *Session) startPipeline(parent context.Context, pos time.Duration, how startMode, reason string) *pipeline {
	now := s.cfg.Clock.Now()
	from := s.position(now)
	if how != startSeek && how != startExact {
		from = pos
	}
	lead := s.leadTrack()
	if s.live() {
		var why string
		if pos, why = s.clampLive(pos); why != "" && reason == "" {
			reason = why
		}
	}
	pos = max(pos, 0)
	if d := s.src.Timing().Duration; d > 0 && pos >= d {
		pos = max(d-time.Second, 0)
	}
	skip := time.Duration(-1)
	if c, ok := lead.src.Locate(pos); ok && how != startResume && how != startExact {
		pos = max(c.Start, 0)
	} else if how == startResume || how == startExact {
		skip = pos
	}
	if reason != "" {
		s.cfg.Logf("playhead %v → %v: %s", from.Round(time.Millisecond), pos.Round(time.Millisecond), reason)
	}
	if how == startSeek || how == startExact || reason != "" {
		s.emit(SeekEvent{At: s.since(now), From: from, To: pos, Reason: reason})
	}
	s.clock.Run(false, now)
	s.clock.Set(pos, now)
	s.clock.last = pos
	s.state = StateBuffering
	s.emit(StateEvent{At: s.since(now), State: StateBuffering})
	if s.cfg.AudioSink != nil {
		s.cfg.AudioSink.SetPaused(true)
	}
	ctx, cancel := context.WithCancel(parent)
	p := &pipeline{cancel: cancel}
	for _, t := range s.tracks {
		t.buf = newSampleBuffer(pos)
		t.done, t.loadDone, t.level, t.failures, t.upgrade = false, false, -1, 0, nil
		c, ok := t.src.Locate(pos)
		if !ok {
			t.buf.finish()
			t.done = true
			continue
		}
		p.run(func() { s.download(ctx, t, c) })
		r := newRenderer(t.kind, skip)
		p.renderers = append(p.renderers, r)
		r.start(ctx, s, t, p.run)
	}
	s.startText(ctx, p, pos)
	s.startSparse(ctx, p, pos)
	return p
}

// stopPipeline stops p's goroutines, gives back what they held and closes decoders.
func (s *Session) stopPipeline(p *pipeline) {
	p.cancel()
	p.wg.Wait()
	stopText(p)
	for _, r := range p.renderers {
		r.stop(s)
	}
	if s.cfg.AudioSink != nil {
		s.cfg.AudioSink.Flush()
	}
}

// loopLength is the length of a presentation Config.Loop plays round and round
// (0: not looping). The schedulers go on past its end into the next lap (positions
// grow by this much a lap), so the buffer holds the next lap's start before the end
// is reached. The caller holds s.mu or is a scheduler.
func (s *Session) loopLength() time.Duration {
	if !s.cfg.Loop {
		return 0
	}
	if tm := s.src.Timing(); !tm.Live {
		return tm.Duration
	}
	return 0
}

// wrap is a position of a looped presentation within its length.
func (s *Session) wrap(pos time.Duration) time.Duration {
	if d := s.loopLength(); d > 0 && pos >= d {
		return pos % d
	}
	return pos
}

// lapped counts a loop when the playhead of p has crossed the end of the
// presentation into the next lap; the caller holds s.mu.
func (s *Session) lapped(p *pipeline, now time.Time) {
	d := s.loopLength()
	if d <= 0 {
		return
	}
	if lap := int(s.clock.Position(now) / d); lap > p.laps {
		p.laps = lap
		s.st.Loops++
		s.emit(LoopEvent{At: s.since(now), Loops: s.st.Loops})
	}
}
