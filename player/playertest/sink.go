package playertest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
)

// Shown is one frame a VideoSink showed: its PTS, the virtual time since the
// clock's start when it was shown, and its width (the fake source's level i is
// 160·(i+1) wide; 2 with DecoderOptions.Pictures).
type Shown struct {
	PTS, At  time.Duration
	Keyframe bool
	Width    int
}

// VideoSink is a player.VideoSink recording every frame shown.
type VideoSink struct {
	clk    *Clock
	mu     sync.Mutex
	shown  []Shown
	closed bool
}

var _ player.VideoSink = (*VideoSink)(nil)

// NewVideoSink returns a sink recording on clk's time.
func NewVideoSink(clk *Clock) *VideoSink { return &VideoSink{clk: clk} }

// Show records f.
func (v *VideoSink) Show(f *media.VideoFrame) error {
	at := v.clk.Elapsed()
	v.mu.Lock()
	v.shown = append(v.shown, Shown{PTS: f.PTS, At: at, Keyframe: f.Keyframe, Width: f.Width})
	v.mu.Unlock()
	return nil
}

// Close records the close.
func (v *VideoSink) Close() error {
	v.mu.Lock()
	v.closed = true
	v.mu.Unlock()
	return nil
}

// Closed reports whether Close was called.
func (v *VideoSink) Closed() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.closed
}

// Shown returns the frames shown so far.
func (v *VideoSink) Shown() []Shown {
	v.mu.Lock()
	defer v.mu.Unlock()
	return slices.Clone(v.shown)
}

// AudioSinkOptions configures an AudioSink.
type AudioSinkOptions struct {
	// Format is the sink's output format (default 48 kHz stereo float).
	Format player.AudioFormat
	// Queue is how much audio the sink holds before Write blocks (default 100 ms).
	Queue time.Duration
}

// Written is one buffer an AudioSink was given: its PTS, its duration and the
// virtual time since the clock's start when it was queued.
type Written struct {
	PTS, Duration, At time.Duration
}

// AudioSink is a player.AudioSink that plays on a Clock as a sound card would: it
// queues up to Queue of audio, plays it out at the clock's pace, and Write blocks
// (on the clock's timers) while the queue is full. Every call is recorded.
type AudioSink struct {
	clk    *Clock
	format player.AudioFormat
	queue  time.Duration

	mu       sync.Mutex
	queued   []Written // waiting or playing, oldest first; At unused
	started  time.Time // when queued[0] started playing (shifted by pauses)
	paused   bool
	pausedAt time.Time
	wake     chan struct{} // closed when a blocked Write should look again
	volume   float64
	written  []Written
	calls    []string
	closed   bool
}

var _ player.AudioSink = (*AudioSink)(nil)

// NewAudioSink returns a sink playing on clk.
func NewAudioSink(clk *Clock, opts AudioSinkOptions) *AudioSink {
	if opts.Format == (player.AudioFormat{}) {
		opts.Format = player.AudioFormat{SampleRate: 48000, Channels: 2, Format: media.SampleFloat32}
	}
	if opts.Queue <= 0 {
		opts.Queue = 100 * time.Millisecond
	}
	return &AudioSink{clk: clk, format: opts.Format, queue: opts.Queue, volume: 1}
}

// Format is the sink's output format.
func (a *AudioSink) Format() player.AudioFormat { return a.format }

// advance drops what has played by now; the caller holds a.mu.
func (a *AudioSink) advance(now time.Time) {
	for len(a.queued) > 0 && !a.paused {
		if now.Sub(a.started) < a.queued[0].Duration {
			return
		}
		a.started = a.started.Add(a.queued[0].Duration)
		a.queued = a.queued[1:]
	}
}

// Write queues b once the queue has room: it waits on the clock for the buffer
// playing to end, or for a resume or a flush when paused.
func (a *AudioSink) Write(ctx context.Context, b *media.AudioBuffer) error {
	for {
		a.mu.Lock()
		if a.closed {
			a.mu.Unlock()
			return fmt.Errorf("playertest: audio sink closed")
		}
		now := a.clk.Now()
		a.advance(now)
		var ahead time.Duration
		for _, s := range a.queued {
			ahead += s.Duration
		}
		if ahead < a.queue {
			if len(a.queued) == 0 {
				a.started = now
				if a.paused {
					a.pausedAt = now
				}
			}
			w := Written{PTS: b.PTS, Duration: b.Duration(), At: now.Sub(a.clk.Start())}
			a.queued = append(a.queued, w)
			a.written = append(a.written, w)
			a.mu.Unlock()
			return nil
		}
		// Made here, by the writer, not by NewAudioSink: a channel made outside
		// the synctest bubble does not block durably.
		if a.wake == nil {
			a.wake = make(chan struct{})
		}
		wake := a.wake
		var tc <-chan time.Time
		var t player.Timer
		if !a.paused {
			t = a.clk.NewTimer(a.queued[0].Duration - now.Sub(a.started))
			tc = t.C()
		}
		a.mu.Unlock()
		select {
		case <-ctx.Done():
			if t != nil {
				t.Stop()
			}
			return ctx.Err()
		case <-wake:
			if t != nil {
				t.Stop()
			}
		case <-tc:
		}
	}
}

// Played is the PTS being heard at the clock's now; false while nothing plays.
func (a *AudioSink) Played() (time.Duration, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.clk.Now()
	a.advance(now)
	if len(a.queued) == 0 || a.paused {
		return 0, false
	}
	h := a.queued[0]
	return h.PTS + min(now.Sub(a.started), h.Duration), true
}

// note records a call; the caller holds a.mu.
func (a *AudioSink) note(format string, args ...any) {
	a.calls = append(a.calls, "t="+FormatDuration(a.clk.Elapsed())+" "+fmt.Sprintf(format, args...))
}

// signal wakes blocked writers; the caller holds a.mu.
func (a *AudioSink) signal() {
	if a.wake != nil {
		close(a.wake)
		a.wake = nil
	}
}

// SetPaused pauses or resumes play-out; what was playing resumes where it stopped.
func (a *AudioSink) SetPaused(paused bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.clk.Now()
	a.note("pause %v", paused)
	if paused == a.paused {
		return
	}
	if paused {
		a.advance(now)
		a.pausedAt = now
	} else {
		a.started = a.started.Add(now.Sub(a.pausedAt))
	}
	a.paused = paused
	a.signal()
}

// Flush drops everything queued.
func (a *AudioSink) Flush() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.note("flush")
	a.queued = nil
	a.signal()
}

// SetVolume records the gain.
func (a *AudioSink) SetVolume(v float64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.note("volume %.2f", v)
	a.volume = v
}

// Close stops the sink; a Write after it fails.
func (a *AudioSink) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.note("close")
	a.closed = true
	a.signal()
	return nil
}

// Volume is the gain last set (1 at the start).
func (a *AudioSink) Volume() float64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.volume
}

// Written returns every buffer queued so far.
func (a *AudioSink) Written() []Written {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.written)
}

// Calls returns the SetPaused, Flush, SetVolume and Close calls as lines
// ("t=1.000s pause true", "t=2.000s flush", "t=2.000s volume 0.50", "t=9.000s close").
func (a *AudioSink) Calls() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.calls)
}

// CaptionSink is a VideoSink that draws subtitles (player.CaptionSink): it records
// each change of the cues it is told to draw with the PTS of the frame it drew it
// on (the next one shown).
type CaptionSink struct {
	*VideoSink
	// ShowTime, when set, is how long each Show takes on the virtual clock (a sink
	// slower than the frame rate, so the presenter falls late and drops frames).
	ShowTime time.Duration
	pending  []string
	changed  bool
	captions []Captioned
}

// Captioned is a change of the cues drawn: their texts ("" none), from the frame
// at PTS on.
type Captioned struct {
	PTS   time.Duration
	Texts []string
}

var _ player.CaptionSink = (*CaptionSink)(nil)

// NewCaptionSink returns a caption-drawing sink recording on clk's time.
func NewCaptionSink(clk *Clock) *CaptionSink { return &CaptionSink{VideoSink: NewVideoSink(clk)} }

// SetCaptions implements player.CaptionSink.
func (c *CaptionSink) SetCaptions(cues []player.Cue) {
	var texts []string
	for _, q := range cues {
		texts = append(texts, q.Text())
	}
	c.mu.Lock()
	c.pending, c.changed = texts, true
	c.mu.Unlock()
}

// Show records f, and the captions it is the first to carry.
func (c *CaptionSink) Show(f *media.VideoFrame) error {
	c.mu.Lock()
	if c.changed {
		c.captions = append(c.captions, Captioned{PTS: f.PTS, Texts: c.pending})
		c.changed = false
	}
	c.mu.Unlock()
	if c.ShowTime > 0 {
		c.clk.Sleep(c.ShowTime)
	}
	return c.VideoSink.Show(f)
}

// Captions returns the changes of the cues drawn so far.
func (c *CaptionSink) Captions() []Captioned {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.captions)
}
