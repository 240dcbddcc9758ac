package player

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/smoothie-player/smoothie/abr"
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

// videoPipe joins a track's video decoder goroutine and its presenter.
type videoPipe struct {
	dec    VideoDecoder // set by the decoder goroutine before the first frame is sent
	frames *batchQueue[media.VideoFrame]
	skip   time.Duration // frames that end by this position are left out; <0: none
}

func newVideoPipe() *videoPipe {
	return &videoPipe{frames: newBatchQueue[media.VideoFrame](videoQueue, videoQueueLow), skip: -1}
}

// close releases frames still queued and closes the decoder; the goroutines have
// stopped. It returns how many decoded frames it let go.
func (vp *videoPipe) close() int {
	if vp.dec == nil {
		return 0
	}
	n := vp.frames.drain(vp.dec.Release)
	vp.dec.Close()
	return n
}

// framesFlushed counts n decoded frames let go before they were due (Stats.FramesFlushed).
func (s *Session) framesFlushed(n int) {
	s.mu.Lock()
	s.st.FramesFlushed += uint64(n)
	s.mu.Unlock()
}

// audioPipe joins a track's audio decoder goroutine and its presenter.
type audioPipe struct {
	dec  AudioDecoder
	bufs *batchQueue[media.AudioBuffer]
	skip time.Duration // buffers that end by this position are left out; <0: none
}

func newAudioPipe() *audioPipe {
	return &audioPipe{bufs: newBatchQueue[media.AudioBuffer](audioQueue, audioQueueLow), skip: -1}
}

// skipped tells whether an output at pts (on the presentation timeline) lasting d
// ends by *skip, the position a resumed pipeline starts at: it was heard or seen
// before the restart. Outputs come in presentation order, so the first one that is
// not skipped ends the skipping (*skip becomes -1).
func (s *Session) skipped(skip *time.Duration, pts, d time.Duration) bool {
	if *skip < 0 {
		return false
	}
	if rel := pts - s.baseTime(); rel < *skip && rel+d <= *skip {
		return true
	}
	*skip = -1
	return false
}

func (ap *audioPipe) close() {
	if ap.dec == nil {
		return
	}
	ap.bufs.drain(ap.dec.Release)
	ap.dec.Close()
}

// timingOnly is a video decoder that can leave the pictures out of its frames. With
// no video sink the session only paces and counts frames, so it asks for that and
// no picture is copied out of the decoder.
type timingOnly interface {
	SetTimingOnly(on bool)
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
		if err := d.send(smp); err != nil {
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

// decodeVideo decodes t's samples into vp.frames.
func (s *Session) decodeVideo(ctx context.Context, t *track, vp *videoPipe) {
	d := &decoderLoop[media.VideoFrame]{s: s, t: t,
		open: func(cfg DecoderConfig) error {
			dec, err := s.cfg.NewVideoDecoder(cfg)
			if err == nil {
				if t, ok := dec.(timingOnly); ok && s.cfg.VideoSink == nil {
					t.SetTimingOnly(true)
				}
				vp.dec = dec
				s.mu.Lock()
				t.decTime = dec.AvgFrameTime
				s.mu.Unlock()
			}
			return err
		},
		reconf:  func(cfg DecoderConfig) error { return vp.dec.Reconfigure(cfg) },
		send:    func(smp media.Sample) error { return vp.dec.Send(smp) },
		receive: func() (*media.VideoFrame, error) { return vp.dec.Receive() },
		flush:   func() error { return vp.dec.Flush() },
		out: func(f *media.VideoFrame) bool {
			if f != nil && s.skipped(&vp.skip, f.PTS, f.Duration) {
				vp.dec.Release(f)
				return true
			}
			if f != nil {
				s.mu.Lock()
				s.st.FramesDecoded++
				s.st.Video.FrameDuration = f.Duration
				s.mu.Unlock()
			}
			if vp.frames.push(ctx, f) {
				return true
			}
			if f != nil {
				vp.dec.Release(f)
				s.framesFlushed(1)
			}
			return false
		},
	}
	d.run(ctx)
}

// decodeAudio decodes t's samples into ap.bufs, in the sink's format.
func (s *Session) decodeAudio(ctx context.Context, t *track, ap *audioPipe) {
	format := s.cfg.NullAudioFormat
	if s.cfg.AudioSink != nil {
		format = s.cfg.AudioSink.Format()
	}
	d := &decoderLoop[media.AudioBuffer]{s: s, t: t,
		open: func(cfg DecoderConfig) error {
			dec, err := s.cfg.NewAudioDecoder(cfg, format)
			if err == nil {
				ap.dec = dec
				s.mu.Lock()
				t.decTime = dec.AvgFrameTime
				s.mu.Unlock()
			}
			return err
		},
		reconf:  func(cfg DecoderConfig) error { return ap.dec.Reconfigure(cfg) },
		send:    func(smp media.Sample) error { return ap.dec.Send(smp) },
		receive: func() (*media.AudioBuffer, error) { return ap.dec.Receive() },
		flush:   func() error { return ap.dec.Flush() },
		out: func(b *media.AudioBuffer) bool {
			if b != nil && b.SampleRate > 0 &&
				s.skipped(&ap.skip, b.PTS, time.Duration(b.Frames())*time.Second/time.Duration(b.SampleRate)) {
				ap.dec.Release(b)
				return true
			}
			if ap.bufs.push(ctx, b) {
				return true
			}
			if b != nil {
				ap.dec.Release(b)
			}
			return false
		},
	}
	d.run(ctx)
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
			w = min(pos-p, maxPresentWait)
		}
		if !s.sleep(ctx, w) {
			return p, false
		}
	}
}

// presentVideo shows each frame when its time comes, dropping frames that are late
// beyond the threshold.
func (s *Session) presentVideo(ctx context.Context, t *track, vp *videoPipe) {
	for {
		f, ok := vp.frames.pop(ctx)
		if !ok {
			return
		}
		if f == nil {
			s.mu.Lock()
			t.done = true
			s.mu.Unlock()
			return
		}
		base := s.baseTime()
		pts := f.PTS - base
		pos, ok := s.waitUntil(ctx, pts)
		if !ok {
			vp.dec.Release(f)
			s.framesFlushed(1)
			return
		}
		late := pos - pts
		s.mu.Lock()
		drop := late > s.cfg.LateThreshold
		if t.level >= 0 && t.level < len(t.ladder) {
			if len(s.decodeStats) != len(t.ladder) {
				s.decodeStats = make([]abr.DecodeStats, len(t.ladder))
			}
			ds := &s.decodeStats[t.level]
			ds.Frames++
			if drop {
				ds.Dropped++
			}
			if t.decTime != nil {
				ds.MeanFrame = t.decTime()
			}
		}
		if drop {
			s.st.FramesDropped++
		} else {
			s.st.FramesShown++
			if s.st.TTFF == 0 {
				s.st.TTFF = s.cfg.Clock.Now().Sub(s.start)
			}
		}
		s.mu.Unlock()
		if !drop && s.cfg.VideoSink != nil {
			if err := s.cfg.VideoSink.Show(f); err != nil {
				s.errorf("video sink: %v", err)
			}
		}
		vp.dec.Release(f)
	}
}

// presentAudio writes PCM to the sink once playback runs (the sink paces it), or,
// without a sink, lets each buffer go when the monotonic clock reaches it.
func (s *Session) presentAudio(ctx context.Context, t *track, ap *audioPipe) {
	sink := s.cfg.AudioSink
	for {
		b, ok := ap.bufs.pop(ctx)
		if !ok {
			return
		}
		if b == nil {
			s.mu.Lock()
			t.done = true
			s.mu.Unlock()
			return
		}
		pts := b.PTS - s.baseTime()
		if sink == nil {
			_, ok = s.waitUntil(ctx, pts)
		} else {
			ok = s.waitRunning(ctx)
			if ok {
				if err := sink.Write(ctx, b); err != nil && ctx.Err() == nil {
					s.errorf("audio sink: %v", err)
				}
			}
		}
		s.mu.Lock()
		if s.video == nil && s.st.TTFF == 0 {
			s.st.TTFF = s.cfg.Clock.Now().Sub(s.start)
		}
		s.mu.Unlock()
		ap.dec.Release(b)
		if !ok {
			return
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
