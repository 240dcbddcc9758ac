package sensor

import (
	"context"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/abr"
)

// Sampler reads the power state and the system CPU load in the background, every
// interval, so a policy's Select (microseconds) never waits on a sensor (a CPU reading
// takes its whole measuring interval). An override replaces the battery reading, for
// tests and people who want it (--battery).
type Sampler struct {
	mu    sync.Mutex
	power abr.Power
	cpu   float64
	// override, when set, is reported instead of the battery reading.
	override *abr.Power
}

// NewSampler starts sampling every interval until ctx is done; override, if not nil,
// replaces the battery reading.
func NewSampler(ctx context.Context, interval time.Duration, override *abr.Power) *Sampler {
	s := &Sampler{cpu: -1, override: override}
	if override != nil {
		s.power = *override
	}
	go s.run(ctx, interval)
	return s
}

func (s *Sampler) run(ctx context.Context, interval time.Duration) {
	c, err := NewCPU()
	for ctx.Err() == nil {
		p := s.power
		if s.override == nil {
			p = Power()
		}
		load := -1.0
		if err == nil {
			load, _ = c.Load(ctx, interval)
		} else {
			t := time.NewTimer(interval)
			select {
			case <-ctx.Done():
			case <-t.C:
			}
			t.Stop()
		}
		s.mu.Lock()
		s.power, s.cpu = p, load
		s.mu.Unlock()
	}
}

// Latest returns the last power state and system CPU load (0..1, negative = unknown).
func (s *Sampler) Latest() (abr.Power, float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.power, s.cpu
}
