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

// AudioOptions says what PCM the sink wants. The zero value gives float32 at the
// stream's own rate and channel count.
type AudioOptions struct {
	// SampleRate in Hz; 0 keeps the stream's.
	SampleRate int
	// Channels; 0 keeps the stream's (1, 2, 6 and 8 get the usual layouts).
	Channels int
	// Format of the interleaved samples.
	Format media.SampleFormat
	// PoolSize is how many released buffers are kept for reuse (default 32).
	PoolSize int
}

// Audio decodes AAC, E-AC-3, AC-3 and WMA samples into interleaved PCM buffers at
// the rate, channel count and format asked for. It follows Video's protocol:
// Send, then Receive until ErrNeedInput; at the end Flush, then Receive until io.EOF
// (the decoder is then fresh); Reset for seeks; Reconfigure for level switches.
type Audio struct {
	ctx   *codecCtx
	opts  AudioOptions
	frame *astiav.Frame // decoded
	out   *astiav.Frame // converted
	rs    *resampler
	pool  pcmPool
	ready []*media.AudioBuffer // drained ahead of time by a Send after Flush
	head  int
	meter meter
	scale uint64
	drain bool // Flush called: the decoder is draining
	ended bool // end of stream pushed into the resampler
}

// NewAudio opens a decoder for cfg. Errors wrap ErrUnknownCodec or ErrBadExtradata
// and name the codec.
func NewAudio(cfg smooth.CodecConfig, opts AudioOptions) (*Audio, error) {
	if opts.Format != media.SampleFloat32 && opts.Format != media.SampleS16 {
		return nil, fmt.Errorf("decode: audio output format %d: want float32 or s16", opts.Format)
	}
	ctx, err := newCodecCtx(cfg, media.KindAudio, 1)
	if err != nil {
		return nil, err
	}
	if opts.PoolSize <= 0 {
		opts.PoolSize = 32
	}
	return &Audio{ctx: ctx, opts: opts, frame: astiav.AllocFrame(), out: astiav.AllocFrame(),
		pool: pcmPool{free: spares[media.AudioBuffer]{max: opts.PoolSize}}}, nil
}

// Config returns the configuration the decoder runs with (zero after Close).
func (a *Audio) Config() smooth.CodecConfig {
	if a.ctx == nil {
		return smooth.CodecConfig{}
	}
	return a.ctx.cfg
}

// Send feeds one sample. A sample FFmpeg rejects yields an error wrapping
// ErrCorrupt; the decoder carries on with the next one.
func (a *Audio) Send(s media.Sample) error {
	if a.ctx == nil {
		return ErrClosed
	}
	if a.drain {
		// Flushed but not drained: queue the rest so the sample goes to a fresh decoder.
		if err := a.finishDrain(); err != nil {
			return err
		}
	}
	if a.scale != 0 && a.scale != s.Timescale && a.rs != nil {
		a.rs.free() // timestamps change units: rebuild the graph
		a.rs = nil
	}
	a.scale = s.Timescale
	var earlier error // a damaged earlier frame met while making room
	for {
		t0 := time.Now()
		err := a.ctx.send(&s)
		a.meter.add(time.Since(t0))
		if err == nil {
			return earlier
		}
		if !errors.Is(err, astiav.ErrEagain) {
			a.meter.count(corruptCount)
			return fmt.Errorf("%w: decode: %s: sample at %d (%d bytes): %w", ErrCorrupt, a.ctx.cfg.Codec, s.Time, len(s.Data), err)
		}
		// Output is full: move decoded frames into the resampler, which buffers them.
		if err := a.feed(); errors.Is(err, ErrCorrupt) {
			earlier = err
		} else if err != nil {
			return err
		}
	}
}

// feed moves decoded frames into the resampler until the decoder wants input.
func (a *Audio) feed() error {
	for {
		ok, err := a.decodeOne()
		if err != nil || !ok {
			return err
		}
	}
}

// decodeOne moves one decoded frame into the resampler. It returns false when the
// decoder has nothing (it wants input, or its end was reached and pushed on).
func (a *Audio) decodeOne() (bool, error) {
	t0 := time.Now()
	defer func() { a.meter.add(time.Since(t0)) }()
	err := a.ctx.receive(a.frame)
	switch {
	case err == nil:
	case errors.Is(err, astiav.ErrEagain):
		return false, nil
	case errors.Is(err, astiav.ErrEof):
		a.ended = true
		if a.rs != nil {
			if err := a.rs.push(nil); err != nil {
				return false, fmt.Errorf("decode: %s: flushing audio conversion: %w", a.ctx.cfg.Codec, err)
			}
		}
		return false, nil
	default:
		a.meter.count(corruptCount)
		return false, fmt.Errorf("%w: decode: %s: %w", ErrCorrupt, a.ctx.cfg.Codec, err)
	}
	defer a.frame.Unref()
	if a.rs == nil || !a.rs.fits(shapeOf(a.frame)) {
		if err := a.rebuild(); err != nil {
			return false, err
		}
	}
	if err := a.rs.push(a.frame); err != nil {
		return false, fmt.Errorf("decode: %s: audio conversion: %w", a.ctx.cfg.Codec, err)
	}
	return true, nil
}

// rebuild makes a resampler shaped for the current frame. Audio the old one still
// buffered (a few ms of resampler delay) is dropped: input changes shape only at a
// level switch, where a click is accepted.
func (a *Audio) rebuild() error {
	if a.rs != nil {
		a.rs.free()
		a.rs = nil
	}
	rate, ch := a.opts.SampleRate, a.opts.Channels
	if rate == 0 {
		rate = a.frame.SampleRate()
	}
	if ch == 0 {
		ch = shapeOf(a.frame).channels
	}
	scale := a.scale
	if scale == 0 {
		scale = uint64(a.frame.SampleRate())
	}
	rs, err := newResampler(a.frame, scale, rate, ch, a.opts.Format)
	if err != nil {
		return err
	}
	a.rs = rs
	return nil
}

// Receive returns the next buffer of converted PCM, ErrNeedInput when the decoder
// wants more samples, or io.EOF once a Flush has been drained (the decoder is then
// fresh). Buffers belong to the caller until handed back with Release.
func (a *Audio) Receive() (*media.AudioBuffer, error) {
	if a.ctx == nil {
		return nil, ErrClosed
	}
	if a.head < len(a.ready) {
		b := a.ready[a.head]
		a.ready[a.head] = nil
		a.head++
		if a.head == len(a.ready) {
			a.ready, a.head = a.ready[:0], 0
		}
		return b, nil
	}
	return a.receive()
}

// finishDrain queues everything a flushed decoder still gives out.
func (a *Audio) finishDrain() error {
	for {
		b, err := a.receive()
		switch {
		case err == io.EOF:
			return nil
		case errors.Is(err, ErrCorrupt):
			continue
		case err != nil:
			return err
		}
		a.ready = append(a.ready, b)
	}
}

// receive converts and returns the next buffer from decoder and resampler.
func (a *Audio) receive() (*media.AudioBuffer, error) {
	for {
		if a.rs != nil {
			t0 := time.Now()
			err := a.rs.pull(a.out)
			if err == nil {
				b := a.emit()
				a.meter.add(time.Since(t0))
				b.DecodeTime = a.meter.frame()
				return b, nil
			}
			a.meter.add(time.Since(t0))
			if errors.Is(err, astiav.ErrEof) {
				return nil, a.finish()
			}
			if !errors.Is(err, astiav.ErrEagain) {
				return nil, fmt.Errorf("decode: %s: audio conversion: %w", a.ctx.cfg.Codec, err)
			}
		}
		if a.ended {
			// Decoder drained; with no resampler there was never any audio.
			return nil, a.finish()
		}
		ok, err := a.decodeOne()
		if err != nil {
			return nil, err
		}
		if !ok && !a.ended {
			return nil, ErrNeedInput
		}
	}
}

// emit copies the converted frame into a pooled buffer.
func (a *Audio) emit() *media.AudioBuffer {
	defer a.out.Unref()
	ch := shapeOf(a.out).channels
	n := a.out.NbSamples() * ch
	b := a.pool.get(a.opts.Format, n)
	b.SampleRate, b.Channels = a.out.SampleRate(), ch
	copy(sampleBytes(b), packedBytes(a.out, len(sampleBytes(b))))
	if pts := a.out.Pts(); pts != astiav.NoPtsValue && a.rs.outDen != 0 {
		b.PTS = media.Ticks(pts*int64(a.rs.outNum), uint64(a.rs.outDen))
	}
	return b
}

// finish ends a drain: a fresh decoder and no resampler; returns io.EOF.
func (a *Audio) finish() error {
	if err := a.renew(a.ctx.cfg); err != nil {
		return err
	}
	return io.EOF
}

// renew replaces decoder and resampler with fresh ones for cfg.
func (a *Audio) renew(cfg smooth.CodecConfig) error {
	if err := a.ctx.reopen(cfg); err != nil {
		return err
	}
	if a.rs != nil {
		a.rs.free()
		a.rs = nil
	}
	a.drain, a.ended = false, false
	a.meter.count(reopenCount)
	a.meter.opened()
	return nil
}

// Flush tells the decoder the stream has ended: Receive then returns what the
// decoder and resampler still hold, and io.EOF after the last buffer.
func (a *Audio) Flush() error {
	if a.ctx == nil {
		return ErrClosed
	}
	if a.drain {
		return nil
	}
	// FFmpeg 5.1 drops a packet still waiting in the decoder's input when the end of
	// stream is signalled: take out what is decodable first, so none is waiting.
	if err := a.feed(); err != nil && !errors.Is(err, ErrCorrupt) {
		return err
	}
	if err := a.ctx.sendEOF(); err != nil {
		return fmt.Errorf("decode: %s: flush: %w", a.ctx.cfg.Codec, err)
	}
	a.drain = true
	return nil
}

// Reset drops everything in flight by re-creating decoder and resampler (seeks).
// Queued buffers go back to the pool.
func (a *Audio) Reset() error {
	if a.ctx == nil {
		return ErrClosed
	}
	for _, b := range a.ready[a.head:] {
		a.pool.put(b)
	}
	clear(a.ready)
	a.ready, a.head = a.ready[:0], 0
	return a.renew(a.ctx.cfg)
}

// Reconfigure switches to cfg (another audio level). What the old decoder still
// holds is drained and queued for Receive first, so the PCM stays continuous; the
// output keeps the rate, channels and format of AudioOptions. A cfg that cannot be
// opened leaves the old decoder in place.
func (a *Audio) Reconfigure(cfg smooth.CodecConfig) error {
	if a.ctx == nil {
		return ErrClosed
	}
	old := a.ctx.cfg
	if cfg.Codec == old.Codec && bytes.Equal(cfg.Extradata, old.Extradata) &&
		cfg.SampleRate == old.SampleRate && cfg.Channels == old.Channels {
		return nil
	}
	cfg.Kind = media.KindAudio
	if _, err := findDecoder(cfg, media.KindAudio); err != nil {
		return err
	}
	if err := checkExtradata(cfg); err != nil {
		return err
	}
	if err := a.Flush(); err != nil {
		return err
	}
	if err := a.finishDrain(); err != nil {
		return err
	}
	return a.renew(cfg)
}

// Release hands a buffer from Receive back to the pool. It is safe to call from any
// goroutine.
func (a *Audio) Release(b *media.AudioBuffer) { a.pool.put(b) }

// Stats returns a snapshot of the decoder's counters and timings.
func (a *Audio) Stats() Stats { return a.meter.snapshot() }

// Close frees every FFmpeg object the decoder holds; later calls return ErrClosed.
// Buffers already received stay valid: their samples live in Go memory.
func (a *Audio) Close() error {
	if a.ctx == nil {
		return nil
	}
	a.ctx.free()
	a.ctx = nil
	if a.rs != nil {
		a.rs.free()
		a.rs = nil
	}
	a.frame.Free()
	a.out.Free()
	a.frame, a.out = nil, nil
	clear(a.ready)
	a.ready = nil
	return nil
}
