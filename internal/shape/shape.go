// Package shape limits a byte stream to a link rate that follows a function of
// time: a constant (`serve --rate`) or a replayed throughput trace (`serve --trace`
// on the origin's side, `load --trace` on each virtual viewer's). A Shaper is one
// token bucket (golang.org/x/time/rate) whose rate follows its RateFunc over wall
// time.
package shape

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/abr/trace"
	"golang.org/x/time/rate"
)

// RateFunc gives the link rate in bits per second at a time since the shaper
// started.
type RateFunc func(elapsed time.Duration) float64

// Constant is a RateFunc for a fixed rate in bits per second.
func Constant(bps float64) RateFunc { return func(time.Duration) float64 { return bps } }

// Trace is a RateFunc replaying a throughput trace over wall time (wrapping at its end).
func Trace(t *trace.Trace) RateFunc {
	return func(elapsed time.Duration) float64 { return t.MbpsAt(elapsed.Seconds()) * 1e6 }
}

// Chunk is the most one Wait should ask for: small enough that a rate change takes
// effect quickly, large enough to keep syscalls few.
const Chunk = 16 << 10

// Shaper is one token bucket whose rate follows a RateFunc.
type Shaper struct {
	rateAt RateFunc
	start  time.Time
	now    func() time.Time
	mu     sync.Mutex
	lim    *rate.Limiter
	cur    float64
}

// New starts a shaper at now (nil: time.Now).
func New(f RateFunc, now func() time.Time) *Shaper {
	if now == nil {
		now = time.Now
	}
	s := &Shaper{rateAt: f, start: now(), now: now}
	s.cur = f(0)
	s.lim = rate.NewLimiter(rate.Limit(s.cur/8), Chunk)
	return s
}

// Wait blocks until n bytes (at most Chunk) may pass. While the rate is 0 (a
// trace outage) it polls until the trace brings the link back.
func (s *Shaper) Wait(ctx context.Context, n int) error {
	for {
		now := s.now()
		bps := s.rateAt(now.Sub(s.start))
		s.mu.Lock()
		if bps != s.cur {
			s.cur = bps
			s.lim.SetLimitAt(now, rate.Limit(bps/8))
		}
		s.mu.Unlock()
		if bps > 0 {
			// Reserve and sleep rather than WaitN: WaitN fails at once when the wait
			// would pass ctx's deadline, which reads as an error where it is only the
			// end of the caller's time.
			r := s.lim.ReserveN(now, n)
			if !r.OK() {
				return fmt.Errorf("shape: %d bytes at once, more than the bucket's %d", n, Chunk)
			}
			d := r.DelayFrom(now)
			if d <= 0 {
				return nil
			}
			t := time.NewTimer(d)
			select {
			case <-ctx.Done():
				t.Stop()
				r.Cancel()
				return ctx.Err()
			case <-t.C:
				return nil
			}
		}
		t := time.NewTimer(50 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Reader reads r through s: each read takes at most Chunk bytes and waits for
// them, so a reader that is slower than its sender slows the sender down through
// TCP's flow control (client-side shaping).
func Reader(ctx context.Context, r io.Reader, s *Shaper) io.Reader {
	return &reader{ctx: ctx, r: r, s: s}
}

type reader struct {
	ctx context.Context
	r   io.Reader
	s   *Shaper
}

func (r *reader) Read(b []byte) (int, error) {
	if len(b) > Chunk {
		b = b[:Chunk]
	}
	n, err := r.r.Read(b)
	if n > 0 {
		if werr := r.s.Wait(r.ctx, n); werr != nil {
			return n, werr
		}
	}
	return n, err
}
