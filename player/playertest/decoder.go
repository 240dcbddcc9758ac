package playertest

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
)

// ErrCorrupt is what a fake decoder's Send returns for a sample its options call
// corrupt; like the real decoder it then skips samples up to the next keyframe.
var ErrCorrupt = errors.New("playertest: corrupt sample")

// ErrClosed is what a fake decoder returns once closed.
var ErrClosed = errors.New("playertest: decoder closed")

// DecoderOptions configures the fake decoders Install plugs in.
type DecoderOptions struct {
	// Reorder holds back this many video frames, as a decoder of B-frames does: the
	// first frame comes out after Reorder+1 samples, and frames come out in PTS order.
	Reorder int
	// VideoFrameTime and AudioFrameTime are the decode time per output that
	// AvgFrameTime and DecodeTime report (nothing sleeps).
	VideoFrameTime, AudioFrameTime time.Duration
	// VideoFrameTimeAt, when set, is the video decode time per frame at a
	// configuration (a level's fixed cost) instead of VideoFrameTime; frames
	// carry it, and AvgFrameTime reports the real decoder's mean of it
	// (exponentially weighted, 1/16 a frame, across levels).
	VideoFrameTimeAt func(player.DecoderConfig) time.Duration
	// VideoCorrupt and AudioCorrupt, when set, tell which samples fail to decode
	// (see CorruptFrom).
	VideoCorrupt, AudioCorrupt func(media.Sample) bool
	// VideoDamaged, when set, tells which samples decode to a picture the decoder
	// flags damaged (concealed garbage: media.VideoFrame.Damaged).
	VideoDamaged func(media.Sample) bool
	// Pictures gives each frame tiny (2×2) zeroed I420 planes; without it frames
	// have no planes, as the real decoder's timing-only frames.
	Pictures bool
	// CheckCodec tells whether a configuration is decodable (nil: all are); the
	// factories refuse what it refuses.
	CheckCodec func(player.DecoderConfig) error
}

// CorruptFrom returns a VideoCorrupt/AudioCorrupt function failing every sample
// whose presentation time is at or after t.
func CorruptFrom(t time.Duration) func(media.Sample) bool {
	return func(s media.Sample) bool { return SamplePTS(s) >= t }
}

// SamplePTS is a sample's presentation time as the real decoders compute a frame's
// PTS: (Time + CompositionOffset) in Timescale units, as a time.Duration.
func SamplePTS(s media.Sample) time.Duration { return media.Ticks(s.PTS(), s.Timescale) }

// Decoders is what Install returns: every decoder the session opened, in order.
type Decoders struct {
	opts  DecoderOptions
	mu    sync.Mutex
	video []*VideoDecoder
	audio []*AudioDecoder
}

// Install sets cfg's decoder factories and codec check to fake decoders with opts,
// as player/ffdec.Install sets FFmpeg's.
func Install(cfg *player.Config, opts DecoderOptions) *Decoders {
	d := &Decoders{opts: opts}
	cfg.NewVideoDecoder = d.NewVideo
	cfg.NewAudioDecoder = d.NewAudio
	cfg.CheckCodec = d.check
	return d
}

func (d *Decoders) check(cfg player.DecoderConfig) error {
	if d.opts.CheckCodec != nil {
		return d.opts.CheckCodec(cfg)
	}
	return nil
}

// NewVideo opens a fake video decoder (the NewVideoDecoder factory).
func (d *Decoders) NewVideo(cfg player.DecoderConfig) (player.VideoDecoder, error) {
	if err := d.check(cfg); err != nil {
		return nil, err
	}
	v := NewVideoDecoder(cfg, d.opts)
	d.mu.Lock()
	d.video = append(d.video, v)
	d.mu.Unlock()
	return v, nil
}

// NewAudio opens a fake audio decoder (the NewAudioDecoder factory).
func (d *Decoders) NewAudio(cfg player.DecoderConfig, out player.AudioFormat) (player.AudioDecoder, error) {
	if err := d.check(cfg); err != nil {
		return nil, err
	}
	a := NewAudioDecoder(cfg, out, d.opts)
	d.mu.Lock()
	d.audio = append(d.audio, a)
	d.mu.Unlock()
	return a, nil
}

// Video returns the video decoders opened so far.
func (d *Decoders) Video() []*VideoDecoder {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.video)
}

// Audio returns the audio decoders opened so far.
func (d *Decoders) Audio() []*AudioDecoder {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.audio)
}

// Configs returns every configuration the decoders of kind were opened or
// reconfigured with, in order, across decoders.
func (d *Decoders) Configs(kind media.Kind) []player.DecoderConfig {
	var out []player.DecoderConfig
	if kind == media.KindAudio {
		for _, a := range d.Audio() {
			out = append(out, a.Configs()...)
		}
		return out
	}
	for _, v := range d.Video() {
		out = append(out, v.Configs()...)
	}
	return out
}

// decoderState is what both fake decoders share: configurations, counters, the
// keyframe wait after a corrupt sample, and the flush/EOF protocol.
type decoderState struct {
	mu       sync.Mutex
	configs  []player.DecoderConfig
	sent     int
	corrupt  int
	skipped  int
	outputs  int
	released int
	flushed  bool // Flush called; io.EOF once drained
	needKey  bool
	closed   bool
}

func (s *decoderState) configured(cfg player.DecoderConfig) {
	s.configs = append(s.configs, cfg)
}

// accept runs Send's common checks; the caller holds s.mu. It reports whether the
// sample is to be decoded.
func (s *decoderState) accept(smp media.Sample, bad func(media.Sample) bool) (bool, error) {
	if s.closed {
		return false, ErrClosed
	}
	s.flushed = false // a sample after a Flush goes to a fresh decoder
	s.sent++
	if bad != nil && bad(smp) {
		s.corrupt++
		s.needKey = true
		return false, fmt.Errorf("%w at t=%d (%s)", ErrCorrupt, smp.Time, FormatDuration(SamplePTS(smp)))
	}
	if s.needKey && !smp.Keyframe {
		s.skipped++
		return false, nil
	}
	s.needKey = false
	return true, nil
}

// DecoderStats counts what a fake decoder did.
type DecoderStats struct {
	Sent, Corrupt, Skipped, Out, Released int
	Closed                                bool
}

func (s *decoderState) stats() DecoderStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return DecoderStats{Sent: s.sent, Corrupt: s.corrupt, Skipped: s.skipped, Out: s.outputs, Released: s.released, Closed: s.closed}
}

// VideoDecoder is a fake player.VideoDecoder: one frame per sample, with the
// sample's PTS and duration and the configuration's size.
type VideoDecoder struct {
	decoderState
	opts  DecoderOptions
	cfg   player.DecoderConfig
	held  []*media.VideoFrame // reorder window, in PTS order
	ready []*media.VideoFrame
	avg   time.Duration // the mean AvgFrameTime reports with VideoFrameTimeAt
}

var _ player.VideoDecoder = (*VideoDecoder)(nil)

// NewVideoDecoder opens a fake video decoder on cfg.
func NewVideoDecoder(cfg player.DecoderConfig, opts DecoderOptions) *VideoDecoder {
	v := &VideoDecoder{opts: opts, cfg: cfg}
	v.configured(cfg)
	return v
}

// Send decodes s: the frame joins the reorder window, and the earliest frame of a
// window fuller than Reorder becomes ready.
func (v *VideoDecoder) Send(s media.Sample) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	ok, err := v.accept(s, v.opts.VideoCorrupt)
	if !ok {
		return err
	}
	f := &media.VideoFrame{
		Width: v.cfg.Width, Height: v.cfg.Height,
		PTS:        SamplePTS(s),
		Duration:   media.Ticks(int64(s.Duration), s.Timescale),
		Keyframe:   s.Keyframe,
		DecodeTime: v.frameTime(),
		Damaged:    v.opts.VideoDamaged != nil && v.opts.VideoDamaged(s),
	}
	if v.avg == 0 {
		v.avg = f.DecodeTime
	} else {
		v.avg += (f.DecodeTime - v.avg) / 16
	}
	if v.opts.Pictures {
		buf := make([]byte, 6)
		f.Width, f.Height = 2, 2
		f.Y, f.U, f.V = buf[:4], buf[4:5], buf[5:6]
		f.YStride, f.CStride = 2, 1
	}
	i, _ := slices.BinarySearchFunc(v.held, f.PTS, func(h *media.VideoFrame, pts time.Duration) int {
		return cmpDuration(h.PTS, pts+1) // after frames of the same PTS
	})
	v.held = slices.Insert(v.held, i, f)
	if len(v.held) > v.opts.Reorder {
		v.ready = append(v.ready, v.held[0])
		v.held = slices.Delete(v.held, 0, 1)
	}
	return nil
}

func cmpDuration(a, b time.Duration) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Receive returns the next ready frame, ErrNeedInput when none is, or io.EOF once
// after a Flush has drained.
func (v *VideoDecoder) Receive() (*media.VideoFrame, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return nil, ErrClosed
	}
	if len(v.ready) > 0 {
		f := v.ready[0]
		v.ready = slices.Delete(v.ready, 0, 1)
		v.outputs++
		return f, nil
	}
	if v.flushed {
		v.flushed = false
		return nil, io.EOF
	}
	return nil, player.ErrNeedInput
}

// Flush ends the stream: the frames held back become ready, then io.EOF.
func (v *VideoDecoder) Flush() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return ErrClosed
	}
	v.drainHeld()
	v.flushed = true
	return nil
}

func (v *VideoDecoder) drainHeld() {
	v.ready = append(v.ready, v.held...)
	v.held = nil
}

// Reconfigure switches to cfg (recorded); the frames held back become ready first,
// as the real decoder drains before it reopens.
func (v *VideoDecoder) Reconfigure(cfg player.DecoderConfig) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return ErrClosed
	}
	v.drainHeld()
	v.cfg = cfg
	v.configured(cfg)
	return nil
}

// Release counts a frame handed back.
func (v *VideoDecoder) Release(*media.VideoFrame) {
	v.mu.Lock()
	v.released++
	v.mu.Unlock()
}

// AvgFrameTime is DecoderOptions.VideoFrameTime (VideoFrameTimeAt the current
// configuration).
func (v *VideoDecoder) AvgFrameTime() time.Duration {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.opts.VideoFrameTimeAt != nil && v.avg > 0 {
		return v.avg
	}
	return v.frameTime()
}

// frameTime is the decode time per frame at the current configuration; the
// caller holds v.mu.
func (v *VideoDecoder) frameTime() time.Duration {
	if v.opts.VideoFrameTimeAt != nil {
		return v.opts.VideoFrameTimeAt(v.cfg)
	}
	return v.opts.VideoFrameTime
}

// Close closes the decoder.
func (v *VideoDecoder) Close() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.closed = true
	v.held, v.ready = nil, nil
	return nil
}

// Configs returns the configurations the decoder was opened and reconfigured with.
func (v *VideoDecoder) Configs() []player.DecoderConfig {
	v.mu.Lock()
	defer v.mu.Unlock()
	return slices.Clone(v.configs)
}

// Stats counts what the decoder did.
func (v *VideoDecoder) Stats() DecoderStats { return v.stats() }

// AudioDecoder is a fake player.AudioDecoder: one buffer of silence per sample in
// the requested format, as many frames as the sample lasts.
type AudioDecoder struct {
	decoderState
	opts  DecoderOptions
	out   player.AudioFormat
	ready []*media.AudioBuffer
	free  []*media.AudioBuffer // released buffers, for reuse (silence stays silence)
}

var _ player.AudioDecoder = (*AudioDecoder)(nil)

// NewAudioDecoder opens a fake audio decoder on cfg converting to out.
func NewAudioDecoder(cfg player.DecoderConfig, out player.AudioFormat, opts DecoderOptions) *AudioDecoder {
	a := &AudioDecoder{opts: opts, out: out}
	a.configured(cfg)
	return a
}

// Send decodes s into one buffer.
func (a *AudioDecoder) Send(s media.Sample) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	ok, err := a.accept(s, a.opts.AudioCorrupt)
	if !ok {
		return err
	}
	a.ready = append(a.ready, a.buffer(SamplePTS(s), AudioFrames(s, a.out.SampleRate)))
	return nil
}

// buffer returns a buffer of silence, a released one when one is free; the caller
// holds a.mu.
func (a *AudioDecoder) buffer(pts time.Duration, frames int) *media.AudioBuffer {
	n := frames * a.out.Channels
	var b *media.AudioBuffer
	if k := len(a.free); k > 0 {
		b, a.free = a.free[k-1], a.free[:k-1]
	} else {
		b = &media.AudioBuffer{}
	}
	*b = media.AudioBuffer{Format: a.out.Format, SampleRate: a.out.SampleRate, Channels: a.out.Channels,
		PTS: pts, DecodeTime: a.opts.AudioFrameTime, F32: b.F32[:0], S16: b.S16[:0]}
	if a.out.Format == media.SampleS16 {
		b.F32, b.S16 = nil, grow(b.S16, n)
	} else {
		b.S16, b.F32 = nil, grow(b.F32, n)
	}
	return b
}

// grow returns s with length n, zeroed: what a consumer left in a released buffer
// is cleared.
func grow[T int16 | float32](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// AudioFrames is how many sample frames at rate a sample lasts.
func AudioFrames(s media.Sample, rate int) int {
	if s.Timescale == 0 {
		return 0
	}
	return int((uint64(s.Duration)*uint64(rate) + s.Timescale/2) / s.Timescale)
}

// Receive returns the next buffer, ErrNeedInput when none is ready, or io.EOF once
// after a Flush has drained.
func (a *AudioDecoder) Receive() (*media.AudioBuffer, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return nil, ErrClosed
	}
	if len(a.ready) > 0 {
		b := a.ready[0]
		a.ready = slices.Delete(a.ready, 0, 1)
		a.outputs++
		return b, nil
	}
	if a.flushed {
		a.flushed = false
		return nil, io.EOF
	}
	return nil, player.ErrNeedInput
}

// Flush ends the stream: Receive returns what is ready, then io.EOF.
func (a *AudioDecoder) Flush() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return ErrClosed
	}
	a.flushed = true
	return nil
}

// Reconfigure switches to cfg (recorded).
func (a *AudioDecoder) Reconfigure(cfg player.DecoderConfig) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return ErrClosed
	}
	a.configured(cfg)
	return nil
}

// Release counts a buffer handed back and keeps it for reuse.
func (a *AudioDecoder) Release(b *media.AudioBuffer) {
	a.mu.Lock()
	a.released++
	if b != nil && len(a.free) < 32 {
		a.free = append(a.free, b)
	}
	a.mu.Unlock()
}

// AvgFrameTime is DecoderOptions.AudioFrameTime.
func (a *AudioDecoder) AvgFrameTime() time.Duration { return a.opts.AudioFrameTime }

// Close closes the decoder.
func (a *AudioDecoder) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.closed = true
	a.ready = nil
	return nil
}

// Format is the PCM format the decoder was opened to produce.
func (a *AudioDecoder) Format() player.AudioFormat { return a.out }

// Configs returns the configurations the decoder was opened and reconfigured with.
func (a *AudioDecoder) Configs() []player.DecoderConfig {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.configs)
}

// Stats counts what the decoder did.
func (a *AudioDecoder) Stats() DecoderStats { return a.stats() }
