package player

import (
	"context"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/media"
)

// videoRenderer is the video kind's stages for one track: a decoder goroutine and a
// presenter that shows each frame on the playback clock.
type videoRenderer struct {
	dec    VideoDecoder // set by the decoder goroutine before the first frame is sent
	frames *batchQueue[media.VideoFrame]
	skip   time.Duration // frames that end by this position are left out; <0: none
}

func newVideoRenderer() *videoRenderer {
	return &videoRenderer{frames: newBatchQueue[media.VideoFrame](videoQueue, videoQueueLow), skip: -1}
}

// start runs the decoder and the presenter of t.
func (vp *videoRenderer) start(ctx context.Context, s *Session, t *track, run func(func())) {
	run(func() { s.decodeVideo(ctx, t, vp) })
	run(func() { s.presentVideo(ctx, t, vp) })
}

// stop releases frames still queued (counted as flushed) and closes the decoder;
// the goroutines have stopped.
func (vp *videoRenderer) stop(s *Session) {
	if vp.dec == nil {
		return
	}
	s.framesFlushed(vp.frames.drain(vp.dec.Release))
	vp.dec.Close()
}

// framesFlushed counts n decoded frames let go before they were due (Stats.FramesFlushed).
func (s *Session) framesFlushed(n int) {
	s.mu.Lock()
	s.st.FramesFlushed += uint64(n)
	s.mu.Unlock()
}

// timingOnly is a video decoder that can leave the pictures out of its frames. With
// no video sink the session only paces and counts frames, so it asks for that and
// no picture is copied out of the decoder.
type timingOnly interface {
	SetTimingOnly(on bool)
}

// decodeVideo decodes t's samples into vp.frames.
func (s *Session) decodeVideo(ctx context.Context, t *track, vp *videoRenderer) {
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
				if f.Damaged {
					s.st.FramesDamaged++
				}
				// While the first pictures judge a protected presentation's key, a
				// damaged one is not shown: garbage never reaches the screen.
				withhold := false
				if n := s.st.FramesDecoded; n <= wrongKeyWindow && (f.Damaged || n >= wrongKeyFrames) {
					st := s.src.Stats()
					withhold = f.Damaged && st.Protection != ""
					if n >= wrongKeyFrames && s.fatal == nil {
						s.fatal = wrongKey(st, media.KindVideo, s.st.FramesDecoded, s.st.FramesDamaged)
					}
				}
				s.st.Video.FrameDuration = f.Duration
				s.mu.Unlock()
				if withhold {
					vp.dec.Release(f)
					s.framesFlushed(1)
					return true
				}
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

// maxDroppedPTS bounds Session.droppedPTS: a longer run of dropped frames is
// counted up to it.
const maxDroppedPTS = 1024

// presentVideo shows each frame when its time comes, dropping frames that are late
// beyond the threshold.
func (s *Session) presentVideo(ctx context.Context, t *track, vp *videoRenderer) {
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
		base := s.base
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
			if len(t.decode) != len(t.ladder) {
				t.decode = make([]abr.DecodeStats, len(t.ladder))
			}
			ds := &t.decode[t.level]
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
			if len(s.droppedPTS) < maxDroppedPTS {
				s.droppedPTS = append(s.droppedPTS, pts)
			}
		} else {
			s.st.FramesShown++
			if s.st.TTFF == 0 {
				s.st.TTFF = s.cfg.Clock.Now().Sub(s.start)
			}
		}
		var captions []Cue
		changed := false
		if !drop {
			captions, changed = s.captionsFor(pts)
			s.droppedPTS = s.droppedPTS[:0]
		}
		s.mu.Unlock()
		if cs, ok := s.cfg.VideoSink.(CaptionSink); ok && changed {
			cs.SetCaptions(captions)
		}
		if !drop && s.cfg.VideoSink != nil {
			if err := s.cfg.VideoSink.Show(f); err != nil {
				s.errorf("video sink: %v", err)
			}
		}
		vp.dec.Release(f)
	}
}
