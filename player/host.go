package player

import "time"

// host is the session as its source's SourceHost.
type host struct{ s *Session }

func (h host) Clock() Clock { return h.s.cfg.Clock }

func (h host) Logf(format string, args ...any) { h.s.cfg.Logf(format, args...) }

func (h host) Errorf(format string, args ...any) { h.s.errorf(format, args...) }

// Ended: the broadcast ended; the presentation is VOD of d from now on.
func (h host) Ended(d time.Duration) {
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg.Logf("the live presentation ended: VOD of %v", d)
	s.emit(ManifestEvent{At: s.since(s.cfg.Clock.Now()), Live: false})
}
