package player

import (
	"errors"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// NullDecoders sets cfg's decoder factories to decoders that decode nothing: a
// video frame per sample with its time and no picture, an audio buffer per sample
// as long as the sample and silent. With no sinks the session then paces, counts and
// times playback exactly as it would with FFmpeg's decoders, for a tiny fraction of
// the CPU and memory: the virtual viewers of `smoothie load` play this way (with
// DiscardMedia, so the samples carry no data either).
func NullDecoders(cfg *Config) {
	silence.once.Do(func() { silence.f32, silence.s16 = make([]float32, 1<<15), make([]int16, 1<<15) })
	cfg.NewVideoDecoder = func(c DecoderConfig) (VideoDecoder, error) { return &nullVideo{cfg: c}, nil }
	cfg.NewAudioDecoder = func(_ DecoderConfig, out AudioFormat) (AudioDecoder, error) { return &nullAudio{out: out}, nil }
	cfg.CheckCodec = nil
}

// errNullClosed is what a null decoder returns once closed.
var errNullClosed = errors.New("decoder closed")

// nullReorder is how many frames the null video decoder holds back to hand them out
// in presentation order, as a decoder of B-frames does (x264's and the common
// encoders' B-pyramids reorder fewer).
const nullReorder = 4

// nullOut is what both null decoders hand out: outputs ready in order, and the
// Flush/EOF and Close protocol of the decoder interfaces.
type nullOut[T any] struct {
	mu      sync.Mutex
	ready   []*T
	flushed bool // Flush called: io.EOF once drained
	closed  bool
}

// sent starts a Send: it fails once closed, and a sample after a Flush goes on.
// The caller holds o.mu.
func (o *nullOut[T]) sent() error {
	if o.closed {
		return errNullClosed
	}
	o.flushed = false
	return nil
}

// Receive returns the next ready output, ErrNeedInput when none is, or io.EOF
// once after a Flush has drained.
func (o *nullOut[T]) Receive() (*T, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	switch {
	case o.closed:
		return nil, errNullClosed
	case len(o.ready) > 0:
		x := o.ready[0]
		o.ready = slices.Delete(o.ready, 0, 1)
		return x, nil
	case o.flushed:
		o.flushed = false
		return nil, io.EOF
	}
	return nil, ErrNeedInput
}

func (o *nullOut[T]) Release(*T)                  {}
func (o *nullOut[T]) AvgFrameTime() time.Duration { return 0 }

// nullVideo is the null video decoder.
type nullVideo struct {
	nullOut[media.VideoFrame]
	cfg  DecoderConfig
	held []*media.VideoFrame // in PTS order
}

func (v *nullVideo) Send(s media.Sample) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.sent(); err != nil {
		return err
	}
	f := &media.VideoFrame{Width: v.cfg.Width, Height: v.cfg.Height, Keyframe: s.Keyframe,
		PTS: media.Ticks(s.PTS(), s.Timescale), Duration: media.Ticks(int64(s.Duration), s.Timescale)}
	i, _ := slices.BinarySearchFunc(v.held, f.PTS, func(h *media.VideoFrame, pts time.Duration) int {
		if h.PTS <= pts {
			return -1 // after frames of the same PTS
		}
		return 1
	})
	v.held = slices.Insert(v.held, i, f)
	if len(v.held) > nullReorder {
		v.ready = append(v.ready, v.held[0])
		v.held = slices.Delete(v.held, 0, 1)
	}
	return nil
}

func (v *nullVideo) Flush() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.ready, v.held = append(v.ready, v.held...), v.held[:0]
	v.flushed = true
	return nil
}

func (v *nullVideo) Reconfigure(cfg DecoderConfig) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.ready, v.held = append(v.ready, v.held...), v.held[:0]
	v.cfg = cfg
	return nil
}

func (v *nullVideo) Close() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.closed, v.held, v.ready = true, nil, nil
	return nil
}

// silence backs the null audio decoder's buffers: nobody reads or writes them
// (there is no sink), so every buffer shares it (0.34 s of 48 kHz stereo: any
// AAC, E-AC-3 or WMA frame); made at the first NullDecoders.
var silence struct {
	once sync.Once
	f32  []float32
	s16  []int16
}

// nullAudio is the null audio decoder.
type nullAudio struct {
	nullOut[media.AudioBuffer]
	out AudioFormat
}

func (a *nullAudio) Send(s media.Sample) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.sent(); err != nil {
		return err
	}
	ch := max(a.out.Channels, 1)
	n := int(int64(s.Duration)*int64(a.out.SampleRate)/int64(max(s.Timescale, 1))) * ch
	b := &media.AudioBuffer{Format: a.out.Format, SampleRate: a.out.SampleRate, Channels: ch, PTS: media.Ticks(s.PTS(), s.Timescale)}
	if a.out.Format == media.SampleS16 {
		b.S16 = silent(silence.s16, n)
	} else {
		b.F32 = silent(silence.f32, n)
	}
	a.ready = append(a.ready, b)
	return nil
}

// silent is n samples of zeros: a slice of shared when it is long enough.
func silent[T float32 | int16](shared []T, n int) []T {
	if n <= len(shared) {
		return shared[:n:n]
	}
	return make([]T, n)
}

func (a *nullAudio) Flush() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.flushed = true
	return nil
}

func (*nullAudio) Reconfigure(DecoderConfig) error { return nil }

func (a *nullAudio) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.closed, a.ready = true, nil
	return nil
}
