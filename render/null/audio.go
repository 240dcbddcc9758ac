package null

import (
	"context"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/render"
)

// AudioConfig configures a null audio sink. The zero value is usable.
type AudioConfig struct {
	// Format is what the sink accepts; default render.DefaultAudioFormat().
	Format player.AudioFormat
	// Queue is how much audio Write queues before it blocks; default 250 ms.
	Queue time.Duration
	// Now reads the monotonic clock; default time.Now. Tests pass a fake.
	Now func() time.Time
}

// Audio is an AudioSink with no device: queued PCM is consumed at real-time pace on
// the monotonic clock, and Played reports the PTS of the sample that would be heard
// now. It stops on underrun and while paused, like a device would.
type Audio struct {
	cfg    AudioConfig
	rate   int
	capFr  int64
	mu     sync.Mutex
	tl     render.Timeline
	played int64         // sample frames consumed since the last flush
	carry  time.Duration // consumed time not yet worth a whole frame
	last   time.Time     // when played was last brought up to date
	gen    int           // counts flushes, so a Write blocked across one drops its buffer
	paused bool
	closed bool
	volume float64
	wake   chan struct{} // closed and replaced when a blocked Write should look again
}

// NewAudio returns a null audio sink.
func NewAudio(cfg AudioConfig) *Audio {
	if cfg.Format == (player.AudioFormat{}) {
		cfg.Format = render.DefaultAudioFormat()
	}
	if cfg.Queue <= 0 {
		cfg.Queue = 250 * time.Millisecond
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	a := &Audio{cfg: cfg, rate: cfg.Format.SampleRate, volume: 1, wake: make(chan struct{})}
	a.capFr = int64(cfg.Queue) * int64(a.rate) / int64(time.Second)
	a.last = cfg.Now()
	return a
}

// Format returns the format the sink accepts.
func (a *Audio) Format() player.AudioFormat { return a.cfg.Format }

// Write queues b; it blocks while the queue holds more than the configured amount
// (and then until half of it has played) and returns ctx.Err() if ctx ends first. A buffer in another format is refused.
func (a *Audio) Write(ctx context.Context, b *media.AudioBuffer) error {
	if err := render.CheckAudio("render/null", b, a.cfg.Format); err != nil {
		return err
	}
	n := int64(b.Frames())
	a.mu.Lock()
	gen := a.gen
	a.mu.Unlock()
	for {
		a.mu.Lock()
		if a.closed {
			a.mu.Unlock()
			return ErrClosed
		}
		if a.gen != gen {
			// Flushed while waiting: b belongs to the old position.
			a.mu.Unlock()
			return nil
		}
		a.advance()
		queued := a.tl.End() - a.played
		if queued == 0 || queued+n <= a.capFr {
			a.tl.Append(b.PTS, int(n), a.rate)
			a.mu.Unlock()
			return nil
		}
		// Full: wait until the queue has drained to half, not just enough for b, so
		// a writer wakes once per half queue rather than once per buffer.
		wake := a.wake
		var wait time.Duration
		if !a.paused {
			wait = render.FramesToDuration(max(queued-a.capFr/2, queued+n-a.capFr), a.rate) + time.Millisecond
		}
		a.mu.Unlock()
		if err := sleep(ctx, wait, wake); err != nil {
			return err
		}
	}
}

// sleep waits for d (forever when d is 0), for wake to close or for ctx to end.
func sleep(ctx context.Context, d time.Duration, wake <-chan struct{}) error {
	var timeout <-chan time.Time
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-wake:
	case <-timeout:
	}
	return nil
}

// advance consumes the time elapsed since the last call, unless paused or empty.
// Called with mu held.
func (a *Audio) advance() {
	now := a.cfg.Now()
	el := now.Sub(a.last)
	a.last = now
	queued := a.tl.End() - a.played
	if a.paused || queued == 0 || el <= 0 {
		a.carry = 0
		return
	}
	el += a.carry
	fr := int64(el) * int64(a.rate) / int64(time.Second)
	a.carry = el - render.FramesToDuration(fr, a.rate)
	if fr >= queued {
		fr, a.carry = queued, 0
	}
	a.played += fr
	a.tl.Drop(a.played)
}

// Played returns the PTS of the sample being played now; false before anything was
// queued, while paused, after a flush and once the queue ran dry. With false it
// still returns the last position it knows.
func (a *Audio) Played() (time.Duration, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.advance()
	pts, ok := a.tl.At(a.played)
	if !ok {
		return 0, false
	}
	playing := !a.paused && !a.closed && a.played < a.tl.End()
	return pts, playing
}

// SetPaused pauses or resumes consumption.
func (a *Audio) SetPaused(paused bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.advance()
	a.paused = paused
	a.notify()
}

// Flush drops everything queued.
func (a *Audio) Flush() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.tl.Reset()
	a.gen++
	a.played, a.carry = 0, 0
	a.last = a.cfg.Now()
	a.notify()
}

// SetVolume records the gain (clamped to [0, 1]); a null sink has nothing to scale.
func (a *Audio) SetVolume(v float64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.volume = min(max(v, 0), 1)
}

// Volume returns the gain last set.
func (a *Audio) Volume() float64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.volume
}

// Close wakes any blocked Write, which then fails; later calls fail too.
func (a *Audio) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.closed {
		a.closed = true
		a.notify()
	}
	return nil
}

// notify wakes blocked Writes. Called with mu held.
func (a *Audio) notify() {
	close(a.wake)
	a.wake = make(chan struct{})
}

var _ player.AudioSink = (*Audio)(nil)
var _ player.VideoSink = (*Video)(nil)
