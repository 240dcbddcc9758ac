package player

import (
	"fmt"
	"time"
)

// liveGiveUpMin and liveGiveUpFragments make the default Config.LiveGiveUp.
const (
	liveGiveUpMin       = 60 * time.Second
	liveGiveUpFragments = 10
)

// checkLiveStuck: when the live edge (Timing.EdgeAt says when it last moved) has
// stood still for Config.LiveGiveUp while playback waits for it (buffering or stalled),
// the broadcast has stopped without ending and the session fails with why. A
// session playing what it has buffered, or paused, waits on. The caller holds
// s.mu.
func (s *Session) checkLiveStuck(now time.Time) {
	if s.leadTrack() == nil || s.fatal != nil {
		return
	}
	tm := s.src.Timing()
	if !tm.Live {
		return
	}
	if tm.EdgeAt.IsZero() || s.state != StateStalled && s.state != StateBuffering {
		return
	}
	limit := s.cfg.LiveGiveUp
	switch {
	case limit < 0:
		return // wait for ever
	case limit == 0:
		limit = max(liveGiveUpMin, liveGiveUpFragments*tm.Fragment)
	}
	if still := now.Sub(tm.EdgeAt); still >= limit {
		ss := s.src.Stats()
		if st := ss.Stream; st != nil {
			s.fatal = fmt.Errorf("live stream not advancing: no media for %.0f s (%s, %d reconnects); the server may have stopped", still.Seconds(), streamState(st), st.Reconnects)
			return
		}
		s.fatal = fmt.Errorf("live stream not advancing: no new fragment for %.0f s (%d manifest refreshes); the encoder may have stopped", still.Seconds(), ss.ManifestRefreshes)
	}
}

// streamState says whether a received stream is connected or being reconnected.
func streamState(st *StreamStats) string {
	if st.Reconnecting {
		return "reconnecting"
	}
	return "connected over " + st.Transport
}
