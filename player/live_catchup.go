package player

import (
	"fmt"
	"time"
)

// catchUp decides, at now, whether a stalled live session skips to the live edge: when
// the stall has left it further behind the edge than the target latency plus the
// catch-up margin (the time lost would never be made up: playback runs at 1×). It
// returns where to go and why, for the seek event; the stall's time is accounted.
// The caller holds s.mu.
func (s *Session) catchUp(now time.Time) (time.Duration, string, bool) {
	if s.state != StateStalled || s.src == nil {
		return 0, "", false
	}
	tm := s.src.Timing()
	if !tm.Live {
		return 0, "", false
	}
	margin := s.liveCatchUp(tm)
	if margin < 0 || tm.Edge-s.position(now) <= s.liveTarget(tm)+margin {
		return 0, "", false
	}
	stalled := now.Sub(s.stallStart)
	s.st.StallTime += stalled
	s.st.LiveSkips++
	return s.liveStart(), fmt.Sprintf("skipped to live edge after %.1f s stall", stalled.Seconds()), true
}
