package player

import (
	"context"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// audioRenderer is the audio kind's stages for one track: a decoder goroutine
// (decoding to the sink's format) and a presenter that writes to the sink, which
// paces it and is the master clock.
type audioRenderer struct {
	dec  AudioDecoder
	bufs *batchQueue[media.AudioBuffer]
	skip time.Duration // buffers that end by this position are left out; <0: none
}

func newAudioRenderer() *audioRenderer {
	return &audioRenderer{bufs: newBatchQueue[media.AudioBuffer](audioQueue, audioQueueLow), skip: -1}
}

// start runs the decoder and the presenter of t.
func (ap *audioRenderer) start(ctx context.Context, s *Session, t *track, run func(func())) {
	run(func() { s.decodeAudio(ctx, t, ap) })
	run(func() { s.presentAudio(ctx, t, ap) })
}

// stop releases buffers still queued and closes the decoder; the goroutines have
// stopped.
func (ap *audioRenderer) stop(*Session) {
	if ap.dec == nil {
		return
	}
	ap.bufs.drain(ap.dec.Release)
	ap.dec.Close()
}

// decodeAudio decodes t's samples into ap.bufs, in the sink's format.
func (s *Session) decodeAudio(ctx context.Context, t *track, ap *audioRenderer) {
	format := s.cfg.NullAudioFormat
	if s.cfg.AudioSink != nil {
		format = s.cfg.AudioSink.Format()
	}
	var judged [2]uint64 // samples sent, refused: wrongKey's audio evidence
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
		reconf: func(cfg DecoderConfig) error { return ap.dec.Reconfigure(cfg) },
		send: func(smp media.Sample) error {
			err := ap.dec.Send(smp)
			s.judgeAudioKey(&judged, err != nil)
			return err
		},
		receive: func() (*media.AudioBuffer, error) { return ap.dec.Receive() },
		flush:   func() error { return ap.dec.Flush() },
		out: func(b *media.AudioBuffer) bool {
			if b != nil && b.SampleRate > 0 &&
				s.skipped(&ap.skip, b.PTS, time.Duration(b.Frames())*time.Second/time.Duration(b.SampleRate)) {
				ap.dec.Release(b)
				return true
			}
			if b != nil && b.SampleRate > 0 {
				s.mu.Lock()
				s.st.AudioDecoded += time.Duration(b.Frames()) * time.Second / time.Duration(b.SampleRate)
				s.mu.Unlock()
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

// presentAudio writes PCM to the sink once playback runs (the sink paces it), or,
// without a sink, lets each buffer go when the monotonic clock reaches it.
func (s *Session) presentAudio(ctx context.Context, t *track, ap *audioRenderer) {
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
		pts := b.PTS - s.base
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
		if s.byKind(media.KindVideo) == nil && s.st.TTFF == 0 {
			s.st.TTFF = s.cfg.Clock.Now().Sub(s.start)
		}
		s.mu.Unlock()
		ap.dec.Release(b)
		if !ok {
			return
		}
	}
}
