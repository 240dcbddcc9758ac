package player

import (
	"fmt"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// liveEdgeFragments is the default live latency and catch-up margin, in fragments of
// the lead track.
const liveEdgeFragments = 3

// nextFragment returns the first fragment of t starting at or after ticks ts (a
// time-based cursor survives live windows sliding and timelines being rebuilt). On
// live, ok is false while no such fragment is announced yet; over is true when a VOD
// timeline has no more fragments.
func (s *Session) nextFragment(t *track, ts uint64) (f smooth.Fragment, ok, over bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tl := &t.si.Timeline
	f, ok = tl.Find(ts)
	if ok && f.Start < ts {
		f, ok = tl.At(f.Index + 1)
	}
	return f, ok, !ok && !s.live()
}

// live reports whether the presentation is live; the caller holds s.mu.
func (s *Session) live() bool { return s.man != nil && s.man.IsLive }

// liveEdge is the live edge as a position: the end of the newest fragment the lead
// track knows of (from a tfrf), or when later, the end of the latest manifest's window
// plus the lookahead fragments the origin holds back from it for tfrf (a manifest lists
// a fragment once its lookahead successors exist). The caller holds s.mu.
func (s *Session) liveEdge(lead *track) time.Duration {
	known := lead.si.Timeline.End()
	held := lead.manEnd
	if s.man != nil && s.man.LookaheadCount > 0 {
		if last, ok := lead.si.Timeline.Last(); ok {
			held += uint64(s.man.LookaheadCount) * last.Duration
		}
	}
	return lead.rel(max(known, held), s.base)
}

// fragmentDuration is the duration of t's newest fragment; the caller holds s.mu.
func (s *Session) fragmentDuration(t *track) time.Duration {
	last, ok := t.si.Timeline.Last()
	if !ok {
		return 0
	}
	return smooth.Seconds(last.Duration, t.si.TimeScale)
}

// liveFragment is the longest newest fragment of the played tracks: the unit of the
// live latency (a track with longer fragments learns of them later); the caller holds
// s.mu.
func (s *Session) liveFragment() time.Duration {
	var d time.Duration
	for _, t := range s.tracks {
		d = max(d, s.fragmentDuration(t))
	}
	return d
}

// liveTarget is the distance to the live edge a live session plays at:
// Config.LiveLatency (no further back than the DVR window reaches), else
// liveEdgeFragments fragments (of the track with the longest), and never less than
// the lookahead plus one fragment (minLiveTarget); the caller holds s.mu.
func (s *Session) liveTarget(lead *track) time.Duration {
	target := s.cfg.LiveLatency
	if target <= 0 {
		target = liveEdgeFragments * s.liveFragment()
	} else if span := s.dvrSpan(lead); span > 0 {
		target = min(target, span) // a latency beyond the DVR window would wait forever
	}
	return max(target, s.minLiveTarget(lead))
}

// dvrSpan is how far back from the live edge a live session can play: from the
// oldest position it goes back to (dvrStart) to the edge; 0 when unknown. The
// caller holds s.mu.
func (s *Session) dvrSpan(lead *track) time.Duration {
	if lead == nil || lead.si.Timeline.Len() == 0 {
		return 0
	}
	return max(s.liveEdge(lead)-s.dvrStart(lead), 0)
}

// minLiveTarget is the least latency a live session plays at: the lookahead plus one
// fragment. An origin holds back LookaheadCount fragments from the manifest and names
// them only in the tfrf of the fragments before them, so the newest fragments a player
// can know of start that far behind the edge (see live_probe.go). When the fragments
// carry no tfrf, one fragment more: the next fragment is known only from a manifest
// refresh, which may come late (see live_tfrf.go).
func (s *Session) minLiveTarget(lead *track) time.Duration {
	n := 1
	if s.man != nil {
		n += s.man.LookaheadCount
	}
	if s.tfrfMissing() {
		n++
	}
	return time.Duration(n) * s.liveFragment()
}

// liveEarly is how much nearer the live edge than the target latency allows a live
// playhead at pos is: a session that starts or resumes there waits for the edge to
// move on. It happens when the target rose after the start was chosen (fragments
// without tfrf) or when the start was the newest fragment known. The slack is the half
// fragment liveStart rounds by, and an eighth for uneven fragment durations. The
// caller holds s.mu.
func (s *Session) liveEarly(pos time.Duration) time.Duration {
	lead := s.leadTrack()
	if !s.live() || lead == nil || s.state == StateLoading {
		return 0
	}
	d := s.fragmentDuration(lead)
	return s.liveTarget(lead) - d/2 - d/8 - (s.liveEdge(lead) - pos)
}

// liveCatchUp is how far beyond the target a stall may leave a live session before it
// skips to the live edge (Config.LiveCatchUp, else liveEdgeFragments fragments);
// negative never skips. The caller holds s.mu.
func (s *Session) liveCatchUp(lead *track) time.Duration {
	if s.cfg.LiveCatchUp != 0 {
		return s.cfg.LiveCatchUp
	}
	return liveEdgeFragments * s.liveFragment()
}

// dvrStart is the oldest position a live session goes back to: the second fragment of
// the lead track's window when the window is bounded (the first is about to leave
// it), else the first; the caller holds s.mu.
func (s *Session) dvrStart(lead *track) time.Duration {
	tl := &lead.si.Timeline
	f, ok := tl.At(tl.Base)
	if s.man != nil && s.man.DVRWindowLength > 0 {
		if g, ok2 := tl.At(tl.Base + 1); ok2 {
			f, ok = g, ok2
		}
	}
	if !ok {
		return 0
	}
	return max(lead.rel(f.Start, s.base), 0)
}

// liveStart is where a live session plays from: the start of the fragment nearest to
// the target latency behind the live edge, within the DVR window and the fragments
// known; the caller holds s.mu.
func (s *Session) liveStart(lead *track) time.Duration {
	tl := &lead.si.Timeline
	want := s.liveEdge(lead) - s.liveTarget(lead) + s.fragmentDuration(lead)/2
	f, ok := tl.Find(lead.ticks(want, s.base))
	if !ok {
		if f, ok = tl.Last(); !ok {
			return 0
		}
	}
	return max(lead.rel(f.Start, s.base), s.dvrStart(lead))
}

// startPosition is where a session starts: Config.Start from the presentation start,
// or when negative back from the live edge (live) or the end (VOD); a live session
// with no Start starts at the target latency. A VOD start before the presentation is
// clamped and why is said (startPipeline clamps a live one). The caller holds s.mu.
func (s *Session) startPosition() (pos time.Duration, why string) {
	start := s.cfg.Start
	beyond := ""
	if s.live() {
		lead := s.leadTrack()
		if min := s.minLiveTarget(lead); s.cfg.LiveLatency > 0 && s.cfg.LiveLatency < min {
			s.cfg.Logf("live latency %v is below what the origin allows (its lookahead %d + 1 fragment): %v", s.cfg.LiveLatency, s.man.LookaheadCount, min)
		}
		if span := s.dvrSpan(lead); span > 0 && s.cfg.LiveLatency > span {
			beyond = fmt.Sprintf("live latency %v is beyond the DVR window: %.1fs behind the live edge, the oldest position it holds", s.cfg.LiveLatency, span.Seconds())
			s.cfg.Logf("%s", beyond)
		}
	}
	switch {
	case start >= 0 && !s.live():
		return start, ""
	case start > 0:
		return start, ""
	case start == 0:
		return s.liveStart(s.leadTrack()), beyond
	case s.live():
		return s.liveEdge(s.leadTrack()) + start, ""
	}
	if pos = s.duration + start; pos < 0 {
		return 0, fmt.Sprintf("%v from the end is before the start of the %v presentation: starting at its start", -start, s.duration.Round(time.Millisecond))
	}
	return pos, ""
}

// clampLive bounds a live position to the DVR window and to the target latency behind
// the live edge, saying why when it moved; the caller holds s.mu.
func (s *Session) clampLive(pos time.Duration) (time.Duration, string) {
	lead := s.leadTrack()
	edge, target, first := s.liveEdge(lead), s.liveTarget(lead), s.dvrStart(lead)
	switch start := s.liveStart(lead); {
	case pos < first:
		return first, fmt.Sprintf("%.1f s behind the live edge is outside the DVR window: clamped to its start, %.1f s behind",
			(edge - pos).Seconds(), (edge - first).Seconds())
	case pos > start:
		return start, fmt.Sprintf("at the live edge: target latency %.1f s", target.Seconds())
	}
	return pos, ""
}

// addLookahead appends the fragments a tfrf announced after the end of t's timeline
// (a lookahead is not a window: merging it as one would trim what precedes it).
func (s *Session) addLookahead(t *track, ahead []smooth.Fragment) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range ahead {
		if f.Duration == 0 || f.Start < t.si.Timeline.End() {
			continue
		}
		if err := t.si.Timeline.Append(smooth.Run{Start: f.Start, Duration: f.Duration, Count: 1}); err != nil {
			s.cfg.Logf("%s tfrf entry t=%d: %v", t.kind, f.Start, err)
		}
	}
}

// atLiveEdge reports whether fr is among the newest fragments of a live timeline
// (within the lookahead): a 404 there means "not yet", as from an origin that serves
// files and knows no 412; the caller does not hold s.mu.
func (s *Session) atLiveEdge(t *track, fr smooth.Fragment) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.live() {
		return false
	}
	last, ok := t.si.Timeline.Last()
	return ok && fr.Index+uint64(max(s.man.LookaheadCount, 1)) >= last.Index
}

// leadTrack is the track positions snap to: video, else audio; the caller holds s.mu.
func (s *Session) leadTrack() *track {
	if v := s.byKind(media.KindVideo); v != nil {
		return v
	}
	return s.byKind(media.KindAudio)
}
