// Package audio plays PCM through the sound device with oto (ebitengine/oto/v3), with
// or without a window, and reports the media time of the sample being heard, which
// the player uses as its master clock. Open is also the device probe: with no sound
// device it fails with ErrNoDevice and the caller falls back to render/null.
//
// oto allows one context per process, ever: Open succeeds at most once per process,
// and a failed Open leaves oto unusable for the rest of the process.
package audio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/ebitengine/oto/v3"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/render"
)

// ErrNoDevice is wrapped by Open's error when no sound device could be opened.
var ErrNoDevice = errors.New("no sound device")

// ErrInUse is returned by Open when this process already opened the device: oto
// allows one context per process. Keep the first sink (Flush it) instead.
var ErrInUse = errors.New("render/audio: the sound device was already opened by this process")

// ErrClosed is returned by Write after Close.
var ErrClosed = errors.New("render/audio: sink closed")

// Config configures the device sink. The zero value is usable.
type Config struct {
	// Format is what the sink plays; default render.DefaultAudioFormat().
	Format player.AudioFormat
	// Queue is the PCM ring: Write blocks while it is full. Default 300 ms.
	Queue time.Duration
	// DeviceBuffer is the buffer asked of the device (ALSA); default 40 ms. Smaller
	// is lower latency and more risk of crackles.
	DeviceBuffer time.Duration
	// Latency is how long a sample takes from leaving oto's mixer to being heard;
	// default DeviceBuffer (measured under PulseAudio with the default 40 ms: the
	// server reports 28–34 ms for the stream, plus up to a period in oto's write).
	// Played subtracts it.
	Latency time.Duration
	// OpenTimeout bounds the wait for the device; default 3 s.
	OpenTimeout time.Duration
	// Quiet sends the process's standard error to /dev/null while the device is
	// opened: without a device ALSA and JACK print some 30 lines there, which would
	// scribble over a TUI. Anything else written to stderr meanwhile is lost.
	Quiet bool
}

// Sink is a player.AudioSink on the sound device.
type Sink struct {
	cfg     Config
	bpf     int // bytes per sample frame
	rate    int
	latency int64 // in sample frames
	period  int64 // device period in sample frames
	chunk   int   // most bytes handed to oto per Read
	prebuf  int   // bytes queued before playback (re)starts
	otoCtx  *oto.Context
	player  *oto.Player
	ctl     sync.Mutex // orders player operations; taken before mu, never inside it

	mu      sync.Mutex
	q       *ring
	tl      render.Timeline
	scratch []byte
	read    int64 // bytes handed to oto since the last flush
	gen     int   // counts flushes, so a Write blocked across one drops its rest
	playing bool  // oto's player was started and not paused/reset since
	paused  bool
	closed  bool
	volume  float64
	wake    chan struct{}
	// smoothing of Played between device periods
	base     int64     // consumed-minus-latency frames at the last change
	baseAt   time.Time // when base changed
	reported int64     // last frame index reported, Played never goes back
	haveBase bool
}

// Open opens the sound device and returns a sink on it. With no device it returns
// an error wrapping ErrNoDevice. It succeeds at most once per process (oto's limit).
func Open(cfg Config) (*Sink, error) {
	if cfg.Format == (player.AudioFormat{}) {
		cfg.Format = render.DefaultAudioFormat()
	}
	if cfg.Queue <= 0 {
		cfg.Queue = 300 * time.Millisecond
	}
	if cfg.DeviceBuffer <= 0 {
		cfg.DeviceBuffer = 40 * time.Millisecond
	}
	if cfg.Latency <= 0 {
		cfg.Latency = cfg.DeviceBuffer
	}
	if cfg.OpenTimeout <= 0 {
		cfg.OpenTimeout = 3 * time.Second
	}
	f := cfg.Format
	if f.Channels < 1 || f.Channels > 2 || f.SampleRate < 8000 || f.SampleRate > 192000 {
		return nil, fmt.Errorf("render/audio: unsupported format %d Hz %d ch", f.SampleRate, f.Channels)
	}
	format := oto.FormatFloat32LE
	if f.Format == media.SampleS16 {
		format = oto.FormatSignedInt16LE
	}
	if cfg.Quiet {
		defer silenceStderr()()
	}
	octx, ready, err := oto.NewContext(&oto.NewContextOptions{
		SampleRate: f.SampleRate, ChannelCount: f.Channels, Format: format, BufferSize: cfg.DeviceBuffer})
	if err != nil {
		if strings.Contains(err.Error(), "already created") {
			return nil, ErrInUse
		}
		return nil, fmt.Errorf("render/audio: %w: %v", ErrNoDevice, err)
	}
	select {
	case <-ready:
	case <-time.After(cfg.OpenTimeout):
		return nil, fmt.Errorf("render/audio: %w: the device did not open within %v", ErrNoDevice, cfg.OpenTimeout)
	}
	if err := octx.Err(); err != nil {
		return nil, fmt.Errorf("render/audio: %w: %v", ErrNoDevice, err)
	}
	s := newSink(cfg)
	s.otoCtx = octx
	s.player = octx.NewPlayer(source{s})
	s.player.SetBufferSize(s.prebuf)
	return s, nil
}

// newSink sets up the queue and clock arithmetic for cfg (defaults applied).
func newSink(cfg Config) *Sink {
	f := cfg.Format
	s := &Sink{cfg: cfg, rate: f.SampleRate, volume: 1, wake: make(chan struct{})}
	s.bpf = f.Channels * bytesPerSample(f.Format)
	frames := func(d time.Duration) int64 { return int64(d) * int64(s.rate) / int64(time.Second) }
	s.latency = frames(cfg.Latency)
	s.period = max(frames(cfg.DeviceBuffer)/2, 1)
	s.chunk = int(max(frames(5*time.Millisecond), 1)) * s.bpf
	s.prebuf = int(max(frames(20*time.Millisecond), 1)) * s.bpf
	s.q = newRing(int(max(frames(cfg.Queue), 2*int64(s.prebuf/s.bpf))) * s.bpf)
	return s
}

// Format returns the format the sink plays.
func (s *Sink) Format() player.AudioFormat { return s.cfg.Format }

// source is what oto's player reads from: the sink's ring.
type source struct{ s *Sink }

// Seek lets oto's player drop its own buffer (oto's way to reset a player); the
// sink's position is reset by Flush, so it does nothing else.
func (src source) Seek(int64, int) (int64, error) { return 0, nil }

// Read hands queued PCM to oto's mixer.
func (src source) Read(p []byte) (int, error) {
	s := src.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.q.len() == 0 && !s.closed {
		// Let a late writer catch up a little rather than spin oto's loop.
		wake := s.wake
		s.mu.Unlock()
		select {
		case <-wake:
		case <-time.After(2 * time.Millisecond):
		}
		s.mu.Lock()
	}
	n := min(len(p), s.chunk)
	n -= n % s.bpf
	n = s.q.read(p[:n])
	s.read += int64(n)
	if n > 0 {
		s.notify()
	}
	return n, nil
}

// Write queues b, blocking while the ring is full; it returns ctx.Err() when ctx
// ends first and an error for a buffer in another format.
func (s *Sink) Write(ctx context.Context, b *media.AudioBuffer) error {
	if err := render.CheckAudio("render/audio", b, s.cfg.Format); err != nil {
		return err
	}
	s.mu.Lock()
	s.scratch = appendPCM(s.scratch[:0], b)
	data := s.scratch
	s.tl.Append(b.PTS, b.Frames(), s.rate)
	gen := s.gen
	s.mu.Unlock()
	// The timeline already counts b: the bytes follow it into the ring in order,
	// because Writes are not concurrent (the sink's contract with the player).
	for len(data) > 0 {
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			return ErrClosed
		}
		if s.gen != gen {
			// Flushed while waiting: the rest of b belongs to the old position.
			s.mu.Unlock()
			return nil
		}
		n := s.q.write(data)
		data = data[n:]
		wake := s.wake
		start := s.shouldStart()
		s.mu.Unlock()
		if start {
			s.start()
		}
		if len(data) == 0 {
			break
		}
		select {
		case <-ctx.Done():
			s.mu.Lock()
			s.dropTail(len(data))
			s.mu.Unlock()
			return ctx.Err()
		case <-wake:
		}
	}
	return nil
}

// dropTail removes from the timeline the frames of a Write given up on. Called
// with mu held.
func (s *Sink) dropTail(bytes int) {
	s.tl.Truncate(s.tl.End() - int64(bytes/s.bpf))
}

// shouldStart tells whether oto's player should be (re)started now: enough is
// queued that starting cannot make oto wait for data. Called with mu held.
func (s *Sink) shouldStart() bool {
	return !s.playing && !s.paused && !s.closed && s.q.len() >= s.prebuf
}

// start starts oto's player if it still should be started.
func (s *Sink) start() {
	s.ctl.Lock()
	defer s.ctl.Unlock()
	s.mu.Lock()
	ok := s.shouldStart()
	if ok {
		s.playing = true
	}
	s.mu.Unlock()
	if ok {
		s.player.Play()
	}
}

// SetPaused pauses or resumes the device output.
func (s *Sink) SetPaused(paused bool) {
	s.ctl.Lock()
	s.mu.Lock()
	s.paused = paused
	wasPlaying := s.playing
	if paused {
		s.playing = false
	}
	s.haveBase = false
	start := s.shouldStart()
	s.notify()
	s.mu.Unlock()
	if paused && wasPlaying {
		s.player.Pause()
	}
	s.ctl.Unlock()
	if start {
		s.start()
	}
}

// Flush drops everything queued, in the ring and in oto's buffer.
func (s *Sink) Flush() {
	s.ctl.Lock()
	defer s.ctl.Unlock()
	s.player.Pause()
	// Seeking drops oto's buffer; source's Seek cannot fail.
	_, _ = s.player.Seek(0, io.SeekStart)
	s.mu.Lock()
	s.q.reset()
	s.tl.Reset()
	s.read, s.reported = 0, 0
	s.gen++
	s.playing, s.haveBase = false, false
	s.notify()
	s.mu.Unlock()
}

// SetVolume sets the gain, 0 (mute) to 1.
func (s *Sink) SetVolume(v float64) {
	v = min(max(v, 0), 1)
	s.mu.Lock()
	s.volume = v
	s.mu.Unlock()
	s.player.SetVolume(v)
}

// Close stops playback and wakes a blocked Write. oto keeps its device open until
// the process ends (it cannot be closed); it is suspended.
func (s *Sink) Close() error {
	s.ctl.Lock()
	defer s.ctl.Unlock()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.playing = false
	s.notify()
	s.mu.Unlock()
	s.player.Pause()
	if err := s.otoCtx.Suspend(); err != nil {
		return fmt.Errorf("render/audio: close: %w", err)
	}
	return nil
}

// notify wakes blocked Writes and Reads. Called with mu held.
func (s *Sink) notify() {
	close(s.wake)
	s.wake = make(chan struct{})
}

var _ player.AudioSink = (*Sink)(nil)
