package decode

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/asticode/go-astiav"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// VideoOptions configures a video decoder. The zero value is ready to use.
type VideoOptions struct {
	// Threads is the number of decoding threads; 0 lets FFmpeg use one per core.
	Threads int
	// PoolSize is how many released frames are kept for reuse (default 16). It should
	// cover the frames a sink holds at once plus the decoder's own delay.
	PoolSize int
}

// Video decodes H.264, HEVC and VC-1 samples into I420 frames.
//
// Use: Send samples in decode order; after each Send, Receive until ErrNeedInput.
// At the end of a stream Flush, then Receive until io.EOF; the decoder is then fresh
// and takes new samples. Reset drops everything (seeks), Reconfigure switches level.
type Video struct {
	ctx     *codecCtx
	frame   *astiav.Frame
	conv    i420Converter
	pool    picturePool
	ready   []*media.VideoFrame
	head    int
	meter   meter
	scale   uint64 // timescale of the samples sent
	dur     uint32 // duration of the last sample sent
	needKey bool
	drain   bool
	bare    bool                // frames carry timing only, no planes (SetTimingOnly)
	next    *smooth.CodecConfig // configuration to open when the drain ends
}

// NewVideo opens a decoder for cfg. Errors wrap ErrUnknownCodec or ErrBadExtradata
// and name the codec.
func NewVideo(cfg smooth.CodecConfig, opts VideoOptions) (*Video, error) {
	ctx, err := newCodecCtx(cfg, media.KindVideo, opts.Threads)
	if err != nil {
		return nil, err
	}
	if opts.PoolSize <= 0 {
		opts.PoolSize = 16
	}
	v := &Video{ctx: ctx, frame: astiav.AllocFrame(), pool: newPicturePool(opts.PoolSize), needKey: true}
	return v, nil
}

// Config returns the configuration the decoder runs with (zero after Close).
func (v *Video) Config() smooth.CodecConfig {
	if v.ctx == nil {
		return smooth.CodecConfig{}
	}
	return v.ctx.cfg
}

// Send feeds one sample in decode order. Samples before the first keyframe (and,
// after an error or Reset, before the next one) are skipped and counted. A sample
// FFmpeg rejects yields an error wrapping ErrCorrupt; the decoder stays usable.
func (v *Video) Send(s media.Sample) error {
	if v.ctx == nil {
		return ErrClosed
	}
	if v.drain {
		// Flushed but not drained: finish it so the sample goes to a fresh decoder.
		if err := v.finishDrain(); err != nil {
			return err
		}
	}
	if v.needKey && !s.Keyframe {
		v.meter.count(skippedCount)
		return nil
	}
	v.needKey = false
	v.scale, v.dur = s.Timescale, s.Duration
	var earlier error // a damaged earlier frame met while making room
	for {
		t0 := time.Now()
		err := v.ctx.send(&s)
		v.meter.add(time.Since(t0))
		if err == nil {
			return earlier
		}
		if !errors.Is(err, astiav.ErrEagain) {
			return v.corrupt(fmt.Errorf("decode: %s: sample at %d (%d bytes): %w", v.ctx.cfg.Codec, s.Time, len(s.Data), err))
		}
		// The decoder's output is full: move its frames to the ready queue, retry.
		switch err := v.pull(); {
		case errors.Is(err, ErrNeedInput):
		case errors.Is(err, ErrCorrupt):
			earlier = err
			if !s.Keyframe { // the damage asks for a keyframe: this sample waits too
				v.meter.count(skippedCount)
				return earlier
			}
			v.needKey = false
		default:
			return err
		}
	}
}

// corrupt records a decoding error and makes the decoder wait for a keyframe.
func (v *Video) corrupt(err error) error {
	v.meter.count(corruptCount)
	v.needKey = true
	if !errors.Is(err, ErrCorrupt) {
		err = fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	return err
}

// pull moves every frame the decoder has ready into the queue and returns the error
// that stopped it (ErrNeedInput when all went well).
func (v *Video) pull() error {
	for {
		f, err := v.decodeOne()
		if err != nil {
			return err
		}
		v.ready = append(v.ready, f)
	}
}

// Receive returns the next decoded frame in presentation order, ErrNeedInput when
// the decoder wants more samples, or io.EOF once a Flush has been drained. Frames
// belong to the caller until handed back with Release.
func (v *Video) Receive() (*media.VideoFrame, error) {
	if v.ctx == nil {
		return nil, ErrClosed
	}
	if v.head < len(v.ready) {
		f := v.ready[v.head]
		v.ready[v.head] = nil
		v.head++
		if v.head == len(v.ready) {
			v.ready, v.head = v.ready[:0], 0
		}
		return f, nil
	}
	return v.decodeOne()
}

// decodeOne asks FFmpeg for one frame and converts it.
func (v *Video) decodeOne() (*media.VideoFrame, error) {
	t0 := time.Now()
	err := v.ctx.receive(v.frame)
	switch {
	case err == nil:
	case errors.Is(err, astiav.ErrEagain):
		v.meter.add(time.Since(t0))
		return nil, ErrNeedInput
	case errors.Is(err, astiav.ErrEof):
		v.meter.add(time.Since(t0))
		cfg := v.ctx.cfg
		if v.next != nil {
			cfg, v.next = *v.next, nil
		}
		if err := v.renew(cfg); err != nil {
			if cfg.Codec == v.ctx.cfg.Codec && bytes.Equal(cfg.Extradata, v.ctx.cfg.Extradata) {
				return nil, err
			}
			// The new configuration failed to open: keep decoding the old one.
			if err2 := v.renew(v.ctx.cfg); err2 != nil {
				return nil, errors.Join(err, err2)
			}
			return nil, err
		}
		return nil, io.EOF
	default:
		v.meter.add(time.Since(t0))
		return nil, v.corrupt(fmt.Errorf("decode: %s: %w", v.ctx.cfg.Codec, err))
	}
	defer v.frame.Unref()
	var out *media.VideoFrame
	if v.bare {
		out = v.pool.getBare(v.frame.Width(), v.frame.Height())
	} else {
		out = v.pool.get(v.frame.Width(), v.frame.Height())
		if err := v.conv.convert(v.frame, out); err != nil {
			v.pool.put(out)
			v.meter.add(time.Since(t0))
			return nil, err
		}
	}
	pts := v.frame.Pts()
	if pts == astiav.NoPtsValue {
		pts = v.frame.PktDts()
	}
	out.PTS = media.Ticks(pts, v.scale)
	out.Duration = media.Ticks(int64(v.dur), v.scale)
	out.Keyframe = v.frame.KeyFrame()
	out.Damaged = damaged(v.frame)
	v.meter.add(time.Since(t0))
	out.DecodeTime = v.meter.frame()
	return out, nil
}

// Flush tells the decoder the stream has ended: Receive then returns the frames it
// still holds, and io.EOF after the last one.
func (v *Video) Flush() error {
	if v.ctx == nil {
		return ErrClosed
	}
	if v.drain {
		return nil
	}
	// FFmpeg 5.1 drops a packet still waiting in the decoder's input when the end of
	// stream is signalled: take out what is decodable first, so none is waiting.
	if err := v.pull(); !errors.Is(err, ErrNeedInput) && !errors.Is(err, ErrCorrupt) {
		return err
	}
	if err := v.ctx.sendEOF(); err != nil {
		return fmt.Errorf("decode: %s: flush: %w", v.ctx.cfg.Codec, err)
	}
	v.drain = true
	return nil
}

// finishDrain moves the rest of a flushed decoder's output to the queue; the
// decoder is renewed (with the next configuration, if any) when FFmpeg reports the end.
func (v *Video) finishDrain() error {
	for {
		f, err := v.decodeOne()
		switch {
		case err == io.EOF:
			return nil
		case errors.Is(err, ErrCorrupt):
			continue
		case err != nil:
			return err
		}
		v.ready = append(v.ready, f)
	}
}

// renew replaces the codec context with a fresh one for cfg.
func (v *Video) renew(cfg smooth.CodecConfig) error {
	if err := v.ctx.reopen(cfg); err != nil {
		return err
	}
	trimMalloc()
	v.drain = false
	v.needKey = true
	v.meter.count(reopenCount)
	v.meter.opened()
	return nil
}

// Reset drops every sample and frame in flight by re-creating the decoder (for a
// seek). Queued frames go back to the pool; the next sample sent must be a keyframe.
func (v *Video) Reset() error {
	if v.ctx == nil {
		return ErrClosed
	}
	for _, f := range v.ready[v.head:] {
		v.pool.put(f)
	}
	clear(v.ready)
	v.ready, v.head = v.ready[:0], 0
	return v.renew(v.ctx.cfg)
}

// Reconfigure switches the decoder to cfg (a new level: other size, other SPS/PPS).
// Frames of the old configuration still in the decoder stay queued for Receive, so
// frames keep flowing across the switch; the next sample must be a keyframe. When
// cfg cannot be opened the error says why and the old decoder stays in place.
func (v *Video) Reconfigure(cfg smooth.CodecConfig) error {
	if v.ctx == nil {
		return ErrClosed
	}
	old := v.ctx.cfg
	if cfg.Codec == old.Codec && bytes.Equal(cfg.Extradata, old.Extradata) &&
		cfg.Width == old.Width && cfg.Height == old.Height {
		return nil
	}
	cfg.Kind = media.KindVideo
	if _, err := findDecoder(cfg, media.KindVideo); err != nil {
		return err
	}
	if err := checkExtradata(cfg); err != nil {
		return err
	}
	if err := v.Flush(); err != nil {
		return err
	}
	v.next = &cfg
	return v.finishDrain()
}

// SetTimingOnly(true) makes Receive return frames without planes (Y, U and V nil):
// size, PTS, Duration, Keyframe and DecodeTime only, the picture never copied out of
// FFmpeg. For a player with no video output, which paces and counts frames but
// shows none. Frames already received keep what they have.
func (v *Video) SetTimingOnly(on bool) { v.bare = on }

// Release hands a frame from Receive back to the pool. The frame's slices must not
// be used afterwards. It is safe to call from any goroutine.
func (v *Video) Release(f *media.VideoFrame) { v.pool.put(f) }

// Stats returns a snapshot of the decoder's counters and timings.
func (v *Video) Stats() Stats { return v.meter.snapshot() }

// Close frees every FFmpeg object the decoder holds; later calls return ErrClosed.
// Frames already received stay valid: their pixels live in Go memory.
func (v *Video) Close() error {
	if v.ctx == nil {
		return nil
	}
	v.ctx.free()
	v.ctx = nil
	v.frame.Free()
	v.frame = nil
	v.conv.free()
	clear(v.ready)
	v.ready = nil
	trimMalloc()
	return nil
}
