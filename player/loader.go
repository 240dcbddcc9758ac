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
// lower level once more (and when that works, leaves the failing level out for
// levelExclusion). Every attempt is watched (watchedLoad): one whose first
// byte does not come in time is a failed attempt, a download too slow for the
// buffer is abandoned and the chunk fetched again lower. A chunk that arrived
// corrupt is not retried. It returns the level the chunk came at.
func (s *Session) fetchChunk(ctx context.Context, t *track, lvl int, c Chunk) (LoadResult, int, error) {
	stepped, early := false, 0
	for {
	attempts:
		for attempt := 0; ; attempt++ {
			req := LoadRequest{Chunk: c, Level: lvl}
			t0 := s.cfg.Clock.Now()
			req.Buffer = s.bufferAhead(t, t0)
			req.Throughput = int64(s.cfg.Meter.Estimate())
			res, v, at, err := s.watchedLoad(ctx, t, req, attempt)
			if err == nil {
				// The meter places the transfer by its last byte, not by when
				// the parsed fragment came back: the request went out at t0.
				res.Transfer.End = t0.Sub(s.start) + res.Transfer.Duration
				s.mu.Lock()
				t.failures = 0
				if stepped {
					// The level above failed where this one did not: it is
					// the level, not the fragment, the origin cannot serve.
					t.exclude(lvl+1, t0.Add(levelExclusion))
				}
				s.mu.Unlock()
				return res, lvl, nil
			}
			switch {
			case ctx.Err() != nil:
				return LoadResult{}, lvl, ctx.Err()
			case v.Abandon:
				s.abandoned(t, lvl, v, at)
				lvl = v.To
				break attempts
			case v.NoResponse:
				err = fmt.Errorf("%s fragment at %.3fs (%s): no response within %.1f s", t.kind, c.Start.Seconds(), FormatBitrate(t.ladder[lvl].Bitrate), v.Wait.Seconds())
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
					s.mu.Lock()
					s.stepTo(t, lvl-1, fmt.Sprintf("%d attempts failed at level %d", attempt+1, lvl+1), s.cfg.Clock.Now())
					s.mu.Unlock()
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
