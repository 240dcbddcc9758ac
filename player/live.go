package player

import (
	"fmt"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// liveEdgeFragments is the default live latency and catch-up margin, in fragments of
// the lead track.
const liveEdgeFragments = 3

// live reports whether the presentation is live.
func (s *Session) live() bool { return s.src != nil && s.src.Timing().Live }

// liveTarget is the distance to the live edge a live session plays at:
// Config.LiveLatency (no further back than the DVR window reaches), else
// liveEdgeFragments fragments (of the track with the longest), and never less than
// what the source can follow (Timing.MinLatency: the lookahead plus one fragment on
// Smooth Streaming).
func (s *Session) liveTarget(tm Timing) time.Duration {
	target := s.cfg.LiveLatency
	if target <= 0 {
		target = liveEdgeFragments * tm.Fragment
	} else if span := dvrSpan(tm); span > 0 {
		target = min(target, span) // a latency beyond the DVR window would wait forever
	}
	return max(target, tm.MinLatency)
}

// dvrSpan is how far back from the live edge a live session can play; 0 when
// unknown.
func dvrSpan(tm Timing) time.Duration {
	if tm.Fragment == 0 {
		return 0
	}
	return max(tm.Edge-tm.Oldest, 0)
}

// liveEarly is how much nearer the live edge than the target latency allows a live
// playhead at pos is: a session that starts or resumes there waits for the edge to
// move on. It happens when the target rose after the start was chosen (fragments
// without tfrf) or when the start was the newest fragment known. The slack is the half
// fragment liveStart rounds by, and an eighth for uneven fragment durations. The
// caller holds s.mu.
func (s *Session) liveEarly(pos time.Duration) time.Duration {
	if s.state == StateLoading || s.leadTrack() == nil {
		return 0
	}
	tm := s.src.Timing()
	if !tm.Live {
		return 0
	}
	d := tm.Last.Duration
	return s.liveTarget(tm) - d/2 - d/8 - (tm.Edge - pos)
}

// liveCatchUp is how far beyond the target a stall may leave a live session before it
// skips to the live edge (Config.LiveCatchUp, else liveEdgeFragments fragments);
// negative never skips.
func (s *Session) liveCatchUp(tm Timing) time.Duration {
	if s.cfg.LiveCatchUp != 0 {
		return s.cfg.LiveCatchUp
	}
	return liveEdgeFragments * tm.Fragment
}

// liveStart is where a live session plays from: the start of the chunk nearest to
// the target latency behind the live edge, within the DVR window and the chunks
// known; the caller holds s.mu.
func (s *Session) liveStart() time.Duration {
	lead := s.leadTrack()
	tm := s.src.Timing()
	want := tm.Edge - s.liveTarget(tm) + tm.Last.Duration/2
	c, ok := lead.src.Locate(want)
	if !ok {
		if c, ok = tm.Last, tm.Last.Duration > 0; !ok {
			return 0
		}
	}
	return max(c.Start, tm.Oldest)
}

// startPosition is where a session starts: Config.Start from the presentation start,
// or when negative back from the live edge (live) or the end (VOD); a live session
// with no Start starts at the target latency. A VOD start before the presentation is
// clamped and why is said (startPipeline clamps a live one). The caller holds s.mu.
func (s *Session) startPosition() (pos time.Duration, why string) {
	start := s.cfg.Start
	tm := s.src.Timing()
	beyond := ""
	if tm.Live {
		if min := tm.MinLatency; s.cfg.LiveLatency > 0 && s.cfg.LiveLatency < min {
			s.cfg.Logf("live latency %v is below what the origin allows (its lookahead %d + 1 fragment): %v", s.cfg.LiveLatency, tm.Lookahead, min)
		}
		if span := dvrSpan(tm); span > 0 && s.cfg.LiveLatency > span {
			beyond = fmt.Sprintf("live latency %v is beyond the DVR window: %.1fs behind the live edge, the oldest position it holds", s.cfg.LiveLatency, span.Seconds())
			s.cfg.Logf("%s", beyond)
		}
	}
	switch {
	case start >= 0 && !tm.Live:
		return start, ""
	case start > 0:
		return start, ""
	case start == 0:
		return s.liveStart(), beyond
	case tm.Live:
		return tm.Edge + start, ""
	}
	if pos = tm.Duration + start; pos < 0 {
		return 0, fmt.Sprintf("%v from the end is before the start of the %v presentation: starting at its start", -start, tm.Duration.Round(time.Millisecond))
	}
	return pos, ""
}

// clampLive bounds a live position to the DVR window and to the target latency behind
// the live edge, saying why when it moved; the caller holds s.mu.
func (s *Session) clampLive(pos time.Duration) (time.Duration, string) {
	tm := s.src.Timing()
	edge, target, first := tm.Edge, s.liveTarget(tm), tm.Oldest
	switch start := s.liveStart(); {
	case pos < first:
		return first, fmt.Sprintf("%.1f s behind the live edge is outside the DVR window: clamped to its start, %.1f s behind",
			(edge - pos).Seconds(), (edge - first).Seconds())
	case pos > start:
		return start, fmt.Sprintf("at the live edge: target latency %.1f s", target.Seconds())
	}
	return pos, ""
}

// leadTrack is the track positions snap to: video, else audio; the caller holds s.mu.
func (s *Session) leadTrack() *track {
	if v := s.byKind(media.KindVideo); v != nil {
		return v
	}
	return s.byKind(media.KindAudio)
}
