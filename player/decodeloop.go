package player

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// Queue sizes between decoders and presenters (see batchQueue): a video decoder runs
// up to 12 frames ahead and resumes at 4, the margin it always kept before batching
// (160 ms at 25 fps for a batch to decode on a loaded machine); a batch of 8 every
// 320 ms, within the decoder's frame pool of 16. Audio: up to 8 buffers, resuming at
// 2, with the sink's own queue (250 ms and more) in front.
const (
	videoQueue, videoQueueLow = 12, 4
	audioQueue, audioQueueLow = 8, 2
)

// skipped tells whether an output at pts (on the presentation timeline) lasting d
// ends by *skip, the position a resumed pipeline starts at: it was heard or seen
// before the restart. Outputs come in presentation order, so the first one that is
// not skipped ends the skipping (*skip becomes -1).
func (s *Session) skipped(skip *time.Duration, pts, d time.Duration) bool {
	if *skip < 0 {
		return false
	}
	if rel := pts - s.base; rel < *skip && rel+d <= *skip {
		return true
	}
	*skip = -1
	return false
}

// decoderLoop is the part of decoding shared by video and audio: pop samples, open or
// reconfigure the decoder on a level change, send, and hand every output to out;
// at the end flush, and signal the end with a nil output.
type decoderLoop[T any] struct {
	s       *Session
	t       *track
	open    func(cfg DecoderConfig) error
	reconf  func(cfg DecoderConfig) error
	send    func(media.Sample) error
	receive func() (*T, error)
	flush   func() error
	out     func(*T) bool
	dry     int   // samples sent since the decoder last gave something out
	any     bool  // it gave something out
	lastErr error // the last error send returned
}

func (d *decoderLoop[T]) run(ctx context.Context) {
	opened := false
	for {
		smp, lvl, eos, err := d.t.buf.pop(ctx)
		if err != nil {
			return
		}
		if eos {
			if opened {
				if err := d.flush(); err == nil && !d.drain() {
					return
				}
			}
			d.out(nil)
			return
		}
		if lvl != d.level() {
			cfg := d.t.cfgs[lvl]
			var err error
			if !opened {
				err = d.open(cfg)
				opened = err == nil
			} else {
				err = d.reconf(cfg)
			}
			if err != nil {
				d.s.errorf("%s decoder for level %d: %v", d.t.kind, lvl+1, err)
				if !opened {
					d.s.mu.Lock()
					d.t.done = true
					d.s.mu.Unlock()
					d.discard(ctx)
					return
				}
			} else {
				d.s.mu.Lock()
				d.t.level = lvl
				d.s.mu.Unlock()
			}
		}
		if err := d.send(smp); err != nil && !d.s.failing() {
			d.s.errorf("%s sample at t=%d: %v", d.t.kind, smp.Time, err)
			d.lastErr = err
		}
		if d.dry++; d.dry == dryRun {
			why := d.lastErr
			if why == nil {
				why = errors.New("no error from the decoder")
			}
			d.s.mu.Lock()
			d.s.noteDecoded(d.t, why)
			d.s.mu.Unlock()
		}
		if !d.drain() {
			return
		}
	}
}

func (d *decoderLoop[T]) level() int {
	d.s.mu.Lock()
	defer d.s.mu.Unlock()
	return d.t.level
}

// drain hands out everything the decoder has ready; false when the consumer is gone.
func (d *decoderLoop[T]) drain() bool {
	for {
		v, err := d.receive()
		switch {
		case errors.Is(err, ErrNeedInput), err == io.EOF:
			return true
		case err != nil:
			continue // a corrupt sample: the decoder resumes at the next keyframe
		}
		if d.dry >= dryRun || !d.any {
			d.s.mu.Lock()
			d.s.noteDecoded(d.t, nil)
			d.s.mu.Unlock()
		}
		d.dry, d.any = 0, true
		if !d.out(v) {
			return false
		}
	}
}

// discard empties the buffer of a track whose decoder could not open.
func (d *decoderLoop[T]) discard(ctx context.Context) {
	for {
		if _, _, eos, err := d.t.buf.pop(ctx); err != nil || eos {
			return
		}
	}
}

// maxPresentWait bounds one sleep of a presenter whose next output is far ahead, so
// a clock that jumps forward (a re-sync to the audio clock) is noticed soon.
const maxPresentWait = 100 * time.Millisecond

// waitUntil sleeps until the playhead reaches pos; it returns the playhead.
func (s *Session) waitUntil(ctx context.Context, pos time.Duration) (time.Duration, bool) {
	for {
		s.mu.Lock()
		now := s.cfg.Clock.Now()
		p := s.position(now)
		running := s.clockRunning()
		s.mu.Unlock()
		if p >= pos {
			return p, true
		}
		// While the clock runs, sleep until pos is due (one wake-up per frame, not a
		// tick); a stopped clock (paused, buffering) is polled.
		w := 10 * time.Millisecond
		if running {
			// At least a millisecond: a playhead held for the master audio
			// (Session.position) stands still just short of pos, and a wait of the
			// gap would spin.
			w = max(min(pos-p, maxPresentWait), time.Millisecond)
		}
		if !s.sleep(ctx, w) {
			return p, false
		}
	}
}

// waitRunning sleeps while the playback clock is stopped (buffering, paused).
func (s *Session) waitRunning(ctx context.Context) bool {
	for {
		s.mu.Lock()
		run := s.clockRunning()
		s.mu.Unlock()
		if run {
			return true
		}
		if !s.sleep(ctx, 10*time.Millisecond) {
			return false
		}
	}
}
