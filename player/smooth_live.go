package player

import (
	"time"

	"github.com/smoothie-player/smoothie/smooth"
)

// liveEdge is the live edge as a position: the end of the newest fragment the lead
// track knows of (from a tfrf), or when later, the end of the latest manifest's window
// plus the lookahead fragments the origin holds back from it for tfrf (a manifest lists
// a fragment once its lookahead successors exist). The caller holds s.mu.
func (s *smoothSource) liveEdge(lead *smoothTrack) time.Duration {
	known := lead.si.Timeline.End()
	held := lead.manEnd
	if s.man != nil && s.man.LookaheadCount > 0 {
		if last, ok := lead.si.Timeline.Last(); ok {
			held += uint64(s.man.LookaheadCount) * last.Duration
		}
	}
	return lead.rel(max(known, held))
}

// newest is the duration of t's newest fragment; the caller holds s.mu.
func (t *smoothTrack) newest() time.Duration {
	last, ok := t.si.Timeline.Last()
	if !ok {
		return 0
	}
	return smooth.Seconds(last.Duration, t.si.TimeScale)
}

// liveFragment is the longest newest fragment of the selected tracks: the unit of
// the live latency (a track with longer fragments learns of them later); the caller
// holds s.mu.
func (s *smoothSource) liveFragment() time.Duration {
	var d time.Duration
	for _, t := range s.selected {
		d = max(d, t.newest())
	}
	return d
}

// dvrStart is the oldest position a live session goes back to: the second fragment of
// the lead track's window when the window is bounded (the first is about to leave
// it), else the first; the caller holds s.mu.
func (s *smoothSource) dvrStart(lead *smoothTrack) time.Duration {
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
	return max(lead.rel(f.Start), 0)
}

// addLookahead appends the fragments a tfrf announced after the end of t's timeline
// (a lookahead is not a window: merging it as one would trim what precedes it).
func (t *smoothTrack) addLookahead(ahead []smooth.Fragment) {
	s := t.src
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range ahead {
		if f.Duration == 0 || f.Start < t.si.Timeline.End() {
			continue
		}
		if err := t.si.Timeline.Append(smooth.Run{Start: f.Start, Duration: f.Duration, Count: 1}); err != nil {
			s.host.Logf("%s tfrf entry t=%d: %v", t.si.Type, f.Start, err)
		}
	}
}

// atLiveEdge reports whether the fragment starting at start is among the newest
// fragments of a live timeline (within the lookahead): a 404 there means "not yet",
// as from an origin that serves files and knows no 412.
func (t *smoothTrack) atLiveEdge(start uint64) bool {
	s := t.src
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.live() {
		return false
	}
	last, ok := t.si.Timeline.Last()
	f, found := t.si.Timeline.Find(start)
	return ok && found && f.Index+uint64(max(s.man.LookaheadCount, 1)) >= last.Index
}
