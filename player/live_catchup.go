package player

import (
	"fmt"
	"time"
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
	behind := tm.Edge - s.position(now)
	if margin < 0 || behind <= s.liveTarget(tm)+margin {
		return 0, "", false
	}
	if playing {
		s.st.LiveSkips++
		return s.liveStart(), fmt.Sprintf("skipped to live edge: %.1f s behind it playing (target %.1f s)", behind.Seconds(), s.liveTarget(tm).Seconds()), true
	}
	stalled := now.Sub(s.stallStart)
	s.st.StallTime += stalled
	s.st.LiveSkips++
	return s.liveStart(), fmt.Sprintf("skipped to live edge after %.1f s stall", stalled.Seconds()), true
}
