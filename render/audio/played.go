package audio

import (
	"time"
)

// Played returns the PTS of the sample being heard now: what oto's mixer took from
// the ring, less what oto still buffers and less the device latency, advanced
// smoothly between device periods. It is false before playback starts, while
// paused, after a flush and on underrun; with false it still returns the last
// position it knows.
func (s *Sink) Played() (time.Duration, bool) {
	buffered := int64(s.player.BufferedSize())
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	consumed := (s.read - buffered) / int64(s.bpf)
	heard := consumed - s.latency
	if heard < 0 {
		// Nothing has reached the ear yet.
		pts, _ := s.tl.At(0)
		return pts, false
	}
	if !s.haveBase || heard != s.base {
		s.base, s.baseAt, s.haveBase = heard, now, true
	}
	running := s.playing && !s.paused
	est := s.base
	if running {
		// Between two takes of the mixer the device plays on: interpolate, but never
		// more than a period past the last take (the mixer may be starving).
		est += min(int64(now.Sub(s.baseAt))*int64(s.rate)/int64(time.Second), s.period)
	}
	est = max(est, s.reported)
	s.reported = est
	s.tl.Drop(est)
	pts, ok := s.tl.At(est)
	underrun := est >= s.tl.End()
	return pts, ok && running && !underrun
}

// consumed is how many sample frames oto's mixer has taken since the last flush.
func (s *Sink) consumed() int64 {
	buffered := int64(s.player.BufferedSize())
	s.mu.Lock()
	defer s.mu.Unlock()
	return (s.read - buffered) / int64(s.bpf)
}
