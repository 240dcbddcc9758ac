package player

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/media"
)

// watchTick is how often a running request is judged (judgeLoad).
const watchTick = 100 * time.Millisecond

// loadWatch follows one request through its source's Progress calls.
type loadWatch struct {
	clock Clock
	t0    time.Time
	// estimate is the body's expected length when the response announces none.
	estimate int64

	mu         sync.Mutex
	started    bool
	ttfb       time.Duration
	got, total int64
}

func (w *loadWatch) progress(got, total int64) {
	now := w.clock.Now()
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.started {
		w.started, w.ttfb = true, now.Sub(w.t0)
	}
	w.got = got
	if total > 0 {
		w.total = total
	}
}

func (w *loadWatch) at(now time.Time) loadProgress {
	w.mu.Lock()
	defer w.mu.Unlock()
	p := loadProgress{Elapsed: now.Sub(w.t0), Started: w.started, TTFB: w.ttfb, Got: w.got, Total: w.total}
	if p.Total <= 0 {
		p.Total = max(w.estimate, p.Got)
	}
	return p
}

// watchedLoad has t's source load req with a watcher beside it that judges the
// request every watchTick (judgeLoad) and cancels it on a verdict. It returns the
// verdict that ended the load (zero when none did) and where the load stood then.
func (s *Session) watchedLoad(ctx context.Context, t *track, req LoadRequest, attempt int) (LoadResult, loadVerdict, loadProgress, error) {
	s.mu.Lock()
	sit := loadSituation{AtRequest: req.Buffer, Attempt: attempt, FirstByteMax: s.cfg.FirstByteTimeout, Chunk: req.Chunk.Duration,
		Level: req.Level, Bitrates: bitratesOf(t.ladder), Abandon: t.kind == media.KindVideo && s.pin.resolve(t.ladder) < 0}
	s.mu.Unlock()
	return s.watch(ctx, t, req, sit)
}

// watchedLoadBy is watchedLoad for a refetch that must be done within deadline
// (it is never abandoned for a lower level: it is given up).
func (s *Session) watchedLoadBy(ctx context.Context, t *track, req LoadRequest, deadline time.Duration) (LoadResult, loadVerdict, loadProgress, error) {
	s.mu.Lock()
	sit := loadSituation{AtRequest: req.Buffer, FirstByteMax: s.cfg.FirstByteTimeout, Chunk: req.Chunk.Duration,
		Level: req.Level, Bitrates: bitratesOf(t.ladder), Deadline: deadline}
	s.mu.Unlock()
	return s.watch(ctx, t, req, sit)
}

// watch runs the load with the watcher beside it (see watchedLoad).
func (s *Session) watch(ctx context.Context, t *track, req LoadRequest, sit loadSituation) (LoadResult, loadVerdict, loadProgress, error) {
	now := s.cfg.Clock.Now()
	w := &loadWatch{clock: s.cfg.Clock, t0: now, estimate: int64(float64(sit.Bitrates[req.Level]) / 8 * req.Chunk.Duration.Seconds())}
	req.Progress = w.progress
	lctx, cancel := context.WithCancel(ctx)
	var verdict loadVerdict
	var at loadProgress
	done := make(chan struct{})
	go func() {
		defer close(done)
		for s.sleep(lctx, watchTick) {
			now := s.cfg.Clock.Now()
			p := w.at(now)
			sit.Buffer = s.bufferAhead(t, now)
			if v := judgeLoad(p, sit); v != (loadVerdict{}) {
				verdict, at = v, p
				cancel()
				return
			}
		}
	}()
	res, err := t.src.Load(lctx, req)
	cancel()
	<-done
	if err == nil {
		return res, loadVerdict{}, loadProgress{}, nil // it finished as the verdict came
	}
	return res, verdict, at, err
}

// abandoned accounts a download at level from given up for being too slow: the
// count, the meter (what did arrive is a measure of the link), the failure (the
// next choice does not climb straight back) and the level it goes on at. A level
// abandoned twice within levelExclusion is left out for levelExclusion: an
// origin that stalls one level's fragments is not asked for them every time the
// link looks fast again.
func (s *Session) abandoned(t *track, from int, v loadVerdict, p loadProgress) {
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.Abandoned++
	t.failures++
	s.cfg.Meter.Observe(abr.Transfer{Level: from, Bytes: p.Got, TTFB: p.TTFB, Duration: p.Elapsed, End: now.Sub(s.start)})
	reason := v.Reason
	if len(t.abandonedAt) < len(t.ladder) {
		t.abandonedAt = make([]time.Time, len(t.ladder))
	}
	if last := t.abandonedAt[from]; !last.IsZero() && now.Sub(last) < levelExclusion {
		t.exclude(from, now.Add(levelExclusion))
		reason += fmt.Sprintf("; level %d left out for %.0f s (abandoned twice)", from+1, levelExclusion.Seconds())
	}
	t.abandonedAt[from] = now
	s.stepTo(t, v.To, reason, now)
}

// stepTo has t's downloads go on at level lvl for reason (the loader abandoned a
// download or gave up on a level); the caller holds s.mu.
func (s *Session) stepTo(t *track, lvl int, reason string, now time.Time) {
	if t.dlLevel >= 0 && lvl != t.dlLevel {
		s.emit(SwitchEvent{At: s.since(now), Kind: t.kind, From: t.ladder[t.dlLevel].Bitrate, To: t.ladder[lvl].Bitrate, Reason: reason,
			Throughput: int64(s.cfg.Meter.Estimate())})
	}
	t.dlLevel = lvl
}

// bufferAhead is how much media t holds ahead of the playback clock at now.
func (s *Session) bufferAhead(t *track, now time.Time) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	end, _ := t.buf.state()
	return end - s.clock.Position(now)
}

func bitratesOf(ladder []Level) []int64 {
	out := make([]int64, len(ladder))
	for i, l := range ladder {
		out[i] = l.Bitrate
	}
	return out
}
