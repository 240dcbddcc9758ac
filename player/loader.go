package player

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// maxEarly bounds how often a loader asks again for a live chunk that is not
// available yet (ErrNotYet, 250 ms apart) before it counts as a failure.
const maxEarly = 40

// fetchChunk fetches chunk c of t at level lvl through the source, with retries and
// backoff; after they fail at a video level above the lowest, it tries the next
// lower level once more. A chunk that arrived corrupt is not retried. It returns
// the level the chunk came at.
func (s *Session) fetchChunk(ctx context.Context, t *track, lvl int, c Chunk) (LoadResult, int, error) {
	stepped, early := false, 0
	for {
		for attempt := 0; ; attempt++ {
			req := LoadRequest{Chunk: c, Level: lvl}
			s.mu.Lock()
			end, _ := t.buf.state()
			req.Buffer = end - s.clock.Position(s.cfg.Clock.Now())
			s.mu.Unlock()
			req.Throughput = int64(s.cfg.Meter.Estimate())
			t0 := s.cfg.Clock.Now()
			res, err := t.src.Load(ctx, req)
			if err == nil {
				// The meter places the transfer by its last byte, not by when
				// the parsed fragment came back: the request went out at t0.
				res.Transfer.End = t0.Sub(s.start) + res.Transfer.Duration
				s.mu.Lock()
				t.failures = 0
				s.mu.Unlock()
				return res, lvl, nil
			}
			switch {
			case ctx.Err() != nil:
				return LoadResult{}, lvl, ctx.Err()
			case errors.Is(err, ErrEndOfStream), errors.Is(err, ErrCorrupt):
				return LoadResult{}, lvl, err
			case errors.Is(err, ErrNotYet) && early < maxEarly:
				// Live: asked before the chunk is available; not an error.
				early++
				attempt--
				if !s.sleep(ctx, notYetWait) {
					return LoadResult{}, lvl, ctx.Err()
				}
				continue
			}
			s.mu.Lock()
			t.failures++
			retry := attempt < s.cfg.Retries
			note := "giving up"
			if retry {
				note = "retrying"
			}
			s.emit(ErrorEvent{At: s.since(s.cfg.Clock.Now()), Msg: fmt.Sprintf("%v (%s)", err, note)})
			s.mu.Unlock()
			if !retry {
				if t.kind == media.KindVideo && lvl > 0 && !stepped {
					stepped = true
					lvl--
					break
				}
				return LoadResult{}, lvl, err
			}
			if !s.sleep(ctx, backoff(attempt, s.cfg.RetryBase, s.cfg.RetryMax, t.rnd.Float64())) {
				return LoadResult{}, lvl, ctx.Err()
			}
		}
	}
}

// notYetWait is how long a loader waits before asking again for a live chunk that
// is not available yet.
const notYetWait = 250 * time.Millisecond
