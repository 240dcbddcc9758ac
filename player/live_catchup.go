package player

import (
	"fmt"
	"time"
)

// keepEvery and keepMargin bound the skips to the live edge while playing.
const (
	keepEvery  = 10 * time.Second
	keepMargin = time.Second
)

// catchUp decides, at now, whether a stalled live session skips to the live edge: when
// the stall has left it further behind the edge than the target latency plus the
// catch-up margin (the time lost would never be made up: playback runs at 1×). A
// source whose Timing asks to KeepLatency (RTSP) is caught up so while playing too
// (after the sound device took its time to start, say). It returns where to go and
// why, for the seek event; the stall's time is accounted. The caller holds s.mu.
func (s *Session) catchUp(now time.Time) (time.Duration, string, bool) {
	if s.src == nil {
		return 0, "", false
	}
	tm := s.src.Timing()
	playing := s.state == StatePlaying && !s.paused && tm.KeepLatency
	if !tm.Live || s.state != StateStalled && !playing {
		return 0, "", false
	}
	margin := s.liveCatchUp(tm)
	if playing {
		// A skip restarts the sound device, whose start (the lag being made up)
		// puts playback behind again: at most one such skip in keepEvery, and
		// only for a lag of at least keepMargin.
		if !s.keptAt.IsZero() && now.Sub(s.keptAt) < keepEvery {
			return 0, "", false
		}
		margin = max(margin, keepMargin)
	}
	behind := tm.Edge - s.position(now)
	if margin < 0 || behind <= s.liveTarget(tm)+margin {
		return 0, "", false
	}
	if playing {
		s.keptAt = now
		s.st.LiveSkips++
		return s.liveStart(), fmt.Sprintf("skipped to live edge: %.1f s behind it playing (target %.1f s)", behind.Seconds(), s.liveTarget(tm).Seconds()), true
	}
	stalled := now.Sub(s.stallStart)
	s.st.StallTime += stalled
	s.st.LiveSkips++
	return s.liveStart(), fmt.Sprintf("skipped to live edge after %.1f s stall", stalled.Seconds()), true
}
