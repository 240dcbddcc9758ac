package null

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/render"
)

// fakeClock is a settable monotonic clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// pcm is d of silence at 48 kHz stereo float starting at pts.
func pcm(pts, d time.Duration) *media.AudioBuffer {
	n := int(d * 48000 / time.Second)
	return &media.AudioBuffer{Format: media.SampleFloat32, SampleRate: 48000, Channels: 2, F32: make([]float32, 2*n), PTS: pts}
}

func wantPlayed(t *testing.T, a *Audio, want time.Duration, wantOK bool) {
	t.Helper()
	got, ok := a.Played()
	if ok != wantOK || got != want {
		t.Fatalf("Played = %v %v, want %v %v", got, ok, want, wantOK)
	}
}

func TestNullAudioClock(t *testing.T) {
	clk := &fakeClock{t: time.Unix(1000, 0)}
	a := NewAudio(AudioConfig{Queue: 10 * time.Second, Now: clk.Now})
	ctx := context.Background()
	wantPlayed(t, a, 0, false) // nothing queued yet

	if err := a.Write(ctx, pcm(5*time.Second, time.Second)); err != nil {
		t.Fatal(err)
	}
	wantPlayed(t, a, 5*time.Second, true)
	clk.Add(250 * time.Millisecond)
	wantPlayed(t, a, 5250*time.Millisecond, true)

	a.SetPaused(true)
	clk.Add(time.Second)
	wantPlayed(t, a, 5250*time.Millisecond, false) // paused: frozen
	a.SetPaused(false)
	clk.Add(250 * time.Millisecond)
	wantPlayed(t, a, 5500*time.Millisecond, true)

	// A discontinuous PTS (a seek queued without a flush) is followed.
	if err := a.Write(ctx, pcm(60*time.Second, time.Second)); err != nil {
		t.Fatal(err)
	}
	clk.Add(600 * time.Millisecond)
	wantPlayed(t, a, 60100*time.Millisecond, true)

	// Underrun: the clock stops at the end of what was queued.
	clk.Add(5 * time.Second)
	wantPlayed(t, a, 61*time.Second, false)
	// New audio after an underrun plays from when it arrives.
	clk.Add(time.Second)
	if err := a.Write(ctx, pcm(61*time.Second, time.Second)); err != nil {
		t.Fatal(err)
	}
	clk.Add(100 * time.Millisecond)
	wantPlayed(t, a, 61100*time.Millisecond, true)

	a.Flush()
	wantPlayed(t, a, 0, false)
	if err := a.Write(ctx, pcm(2*time.Second, time.Second)); err != nil {
		t.Fatal(err)
	}
	clk.Add(time.Second / 3) // not a whole number of samples... 16000 exactly; add odd bits
	clk.Add(time.Microsecond * 7)
	got, _ := a.Played()
	if d := got - (2*time.Second + time.Second/3); d < 0 || d > 30*time.Microsecond {
		t.Fatalf("Played = %v after 1/3 s", got)
	}
}

func TestNullAudioPace(t *testing.T) {
	a := NewAudio(AudioConfig{Queue: 100 * time.Millisecond})
	defer a.Close()
	ctx := context.Background()
	start := time.Now()
	for i := range 25 { // 500 ms in 20 ms buffers
		if err := a.Write(ctx, pcm(time.Duration(i)*20*time.Millisecond, 20*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}
	// Writing 500 ms into a 100 ms queue takes at least 400 ms (more on a busy
	// machine: the clock stops when the writer is late and the queue runs dry).
	if el := time.Since(start); el < 390*time.Millisecond || el > 3*time.Second {
		t.Fatalf("writing 500 ms through a 100 ms queue took %v", el)
	}
	got, ok := a.Played()
	el := time.Since(start)
	// Never ahead of real time, and at most the queue behind what was written.
	if !ok || got < 395*time.Millisecond || got > el+time.Millisecond {
		t.Fatalf("Played = %v %v after %v of wall time", got, ok, el)
	}
}

func TestNullAudioWriteUnblocks(t *testing.T) {
	a := NewAudio(AudioConfig{Queue: 50 * time.Millisecond})
	a.SetPaused(true)
	bg := context.Background()
	if err := a.Write(bg, pcm(0, 50*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(bg, 50*time.Millisecond)
	defer cancel()
	if err := a.Write(ctx, pcm(0, 20*time.Millisecond)); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Write on a full paused queue: %v", err)
	}
	done := make(chan error)
	go func() { done <- a.Write(bg, pcm(0, 20*time.Millisecond)) }()
	time.Sleep(20 * time.Millisecond)
	a.Flush() // the blocked Write gives up its buffer: it was for the old position
	if err := <-done; err != nil {
		t.Fatalf("Write across a Flush: %v", err)
	}
	if _, ok := a.tl.At(0); ok || a.tl.End() != 0 {
		t.Fatalf("a Write blocked across a Flush queued its buffer (%d frames)", a.tl.End())
	}
	if err := a.Write(bg, pcm(0, 50*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	go func() { done <- a.Write(bg, pcm(0, 20*time.Millisecond)) }()
	time.Sleep(20 * time.Millisecond)
	a.Close()
	if err := <-done; !errors.Is(err, ErrClosed) {
		t.Fatalf("Write after Close: %v", err)
	}
}

func TestNullAudioRefusesOtherFormats(t *testing.T) {
	a := NewAudio(AudioConfig{})
	b := pcm(0, 10*time.Millisecond)
	b.SampleRate = 44100
	err := a.Write(context.Background(), b)
	if err == nil || !strings.Contains(err.Error(), "44100 Hz 2 ch flt, the sink plays 48000 Hz 2 ch flt") {
		t.Fatalf("got %v", err)
	}
	b = pcm(0, 10*time.Millisecond)
	b.F32 = b.F32[:3]
	if err := a.Write(context.Background(), b); err == nil {
		t.Fatal("odd sample count accepted")
	}
	a.SetVolume(3)
	if a.Volume() != 1 {
		t.Fatal("volume not clamped")
	}
}

// A Write that finds the queue full waits until half of it has played, so a writer
// wakes once per half queue, not once per buffer.
func TestNullAudioFullQueueDrainsToHalf(t *testing.T) {
	a := NewAudio(AudioConfig{Queue: 100 * time.Millisecond})
	defer a.Close()
	ctx := context.Background()
	if err := a.Write(ctx, pcm(0, 100*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if err := a.Write(ctx, pcm(100*time.Millisecond, 20*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	a.mu.Lock()
	a.advance()
	queued := render.FramesToDuration(a.tl.End()-a.played, a.rate)
	a.mu.Unlock()
	// Half the queue and the buffer just written, at most (less if the machine was slow).
	if queued > 70*time.Millisecond {
		t.Fatalf("%v queued after a Write into a full 100 ms queue, want at most 70 ms", queued)
	}
}
