package audio

import (
	"context"
	"errors"
	"math"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/internal/pulsetest"
	"github.com/smoothie-player/smoothie/media"
)

// tone writes 20 ms buffers of a 440 Hz sine from pts on until ctx ends.
func tone(ctx context.Context, s *Sink, pts time.Duration, wg *sync.WaitGroup) {
	defer wg.Done()
	const n = 960
	for i := 0; ; i++ {
		b := &media.AudioBuffer{Format: media.SampleFloat32, SampleRate: 48000, Channels: 2, F32: make([]float32, 2*n),
			PTS: pts + time.Duration(i)*20*time.Millisecond}
		for k := range n {
			v := float32(0.5 * math.Sin(2*math.Pi*440*float64(i*n+k)/48000))
			b.F32[2*k], b.F32[2*k+1] = v, v
		}
		if err := s.Write(ctx, b); err != nil {
			return
		}
	}
}

// waitPlaying polls Played until it reports playing, and returns the position.
func waitPlaying(t *testing.T, s *Sink, within time.Duration) time.Duration {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		if pos, ok := s.Played(); ok {
			return pos
		}
		if time.Now().After(deadline) {
			t.Fatalf("Played did not report playing within %v", within)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// fit returns the least-squares slope of ys over xs and the largest distance of a
// point from the line.
func fit(xs, ys []float64) (slope, maxDev float64) {
	var sx, sy, sxx, sxy float64
	n := float64(len(xs))
	for i := range xs {
		sx += xs[i]
		sy += ys[i]
		sxx += xs[i] * xs[i]
		sxy += xs[i] * ys[i]
	}
	slope = (n*sxy - sx*sy) / (n*sxx - sx*sx)
	icpt := (sy - slope*sx) / n
	for i := range xs {
		maxDev = max(maxDev, math.Abs(ys[i]-(icpt+slope*xs[i])))
	}
	return slope, maxDev
}

// TestDeviceSink plays through a real PulseAudio null sink (oto allows one context
// per process, so every device check is in this one test).
func TestDeviceSink(t *testing.T) {
	p := pulsetest.Start(t)
	s, err := Open(Config{})
	if err != nil {
		t.Fatalf("Open with PulseAudio running: %v", err)
	}
	defer s.Close()
	if _, ok := s.Played(); ok {
		t.Fatal("Played before any Write reports playing")
	}
	if _, err := Open(Config{}); !errors.Is(err, ErrInUse) {
		t.Fatalf("second Open: %v, want ErrInUse", err)
	}
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go tone(ctx, s, 10*time.Second, &wg)
	first := waitPlaying(t, s, 5*time.Second)
	if first < 10*time.Second || first > 10*time.Second+300*time.Millisecond {
		t.Fatalf("first Played = %v, want just after 10 s", first)
	}

	// Pace: Played against the wall clock and against what the device takes, both
	// measured over the same 3 s. Played must follow the device's own pace (the
	// master clock is what is heard, not the wall) and never run ahead of the wall.
	var xs, ys []float64
	start := time.Now()
	c0 := s.consumed()
	p0, _ := s.Played()
	for time.Since(start) < 3*time.Second {
		pos, ok := s.Played()
		if ok {
			xs = append(xs, time.Since(start).Seconds())
			ys = append(ys, pos.Seconds())
		}
		time.Sleep(20 * time.Millisecond)
	}
	wall := time.Since(start)
	c1 := s.consumed()
	p1, _ := s.Played()
	took := time.Duration(c1-c0) * time.Second / 48000
	slope, dev := fit(xs, ys)
	lat, lerr := p.StreamLatency()
	t.Logf("in %v of wall time the device took %v of audio (%.3f× real time) and Played advanced %v; "+
		"Played against the wall: %d samples, slope %.3f, max deviation %.0f ms; PulseAudio stream latency %v (%v), the sink's estimate %v",
		wall, took, took.Seconds()/wall.Seconds(), p1-p0, len(xs), slope, dev*1000, lat.Total(), lerr, s.cfg.Latency)
	// Played follows what the device takes, to within a device period either side
	// and the scheduling slack of one poll, and never runs ahead of the wall clock.
	if d := (p1 - p0) - took; d < -60*time.Millisecond || d > 60*time.Millisecond {
		t.Fatalf("Played advanced %v while the device took %v", p1-p0, took)
	}
	if p1-p0 > wall+10*time.Millisecond {
		t.Fatalf("Played advanced %v in %v of wall time", p1-p0, wall)
	}

	// What reaches the null sink is our tone; muted, it is silence.
	rms, err := p.MonitorRMS(600 * time.Millisecond)
	if err != nil || rms < 0.2 {
		t.Fatalf("monitor RMS while playing = %.3f (%v), want the tone's ~0.35", rms, err)
	}
	s.SetVolume(0)
	time.Sleep(100 * time.Millisecond)
	if rms, err := p.MonitorRMS(600 * time.Millisecond); err != nil || rms > 0.01 {
		t.Fatalf("monitor RMS muted = %.3f (%v)", rms, err)
	}
	s.SetVolume(1)

	// Pause: the clock stops; resume: it goes on from where it stopped.
	s.SetPaused(true)
	p1, ok := s.Played()
	if ok {
		t.Fatal("Played reports playing while paused")
	}
	time.Sleep(300 * time.Millisecond)
	if p2, _ := s.Played(); p2 != p1 {
		t.Fatalf("paused clock moved from %v to %v", p1, p2)
	}
	s.SetPaused(false)
	p3 := waitPlaying(t, s, 5*time.Second)
	if p3 < p1 || p3 > p1+300*time.Millisecond {
		t.Fatalf("after resume Played = %v, paused at %v", p3, p1)
	}

	// Flush while a Write is blocked on the full ring (paused), then a new position
	// (a seek): the blocked Write must not leave the rest of its buffer behind.
	s.SetPaused(true)
	time.Sleep(200 * time.Millisecond)
	s.Flush()
	stop()
	wg.Wait()
	s.mu.Lock()
	queued, mapped := s.q.len(), s.tl.End()*int64(s.bpf)
	s.mu.Unlock()
	if int64(queued) != mapped {
		t.Fatalf("after a Flush across a blocked Write: %d bytes queued, the timeline maps %d", queued, mapped)
	}
	s.Flush()
	s.SetPaused(false)
	if _, ok := s.Played(); ok {
		t.Fatal("Played reports playing after Flush")
	}
	ctx, stop = context.WithCancel(context.Background())
	wg.Add(1)
	go tone(ctx, s, 100*time.Second, &wg)
	if p4 := waitPlaying(t, s, 5*time.Second); p4 < 100*time.Second || p4 > 100*time.Second+300*time.Millisecond {
		t.Fatalf("after Flush and a seek, Played = %v, want just after 100 s", p4)
	}
	stop()
	wg.Wait()

	// Bad input and Close.
	bad := &media.AudioBuffer{Format: media.SampleFloat32, SampleRate: 44100, Channels: 2, F32: make([]float32, 20)}
	if err := s.Write(context.Background(), bad); err == nil || !strings.Contains(err.Error(), "44100 Hz") {
		t.Fatalf("Write of 44.1 kHz into a 48 kHz sink: %v", err)
	}
	s.Close()
	good := &media.AudioBuffer{Format: media.SampleFloat32, SampleRate: 48000, Channels: 2, F32: make([]float32, 20)}
	if err := s.Write(context.Background(), good); !errors.Is(err, ErrClosed) {
		t.Fatalf("Write after Close: %v", err)
	}
}

// TestOpenWithoutDevice runs Open in a child process (oto's one context per
// process) with no PulseAudio and no sound card: it must fail with ErrNoDevice,
// quickly, rather than die later.
func TestOpenWithoutDevice(t *testing.T) {
	if os.Getenv("SMOOTHIE_AUDIO_CHILD") == "1" {
		start := time.Now()
		_, err := Open(Config{Quiet: os.Getenv("SMOOTHIE_AUDIO_QUIET") == "1"})
		if !errors.Is(err, ErrNoDevice) {
			t.Fatalf("Open without a device: %v", err)
		}
		t.Logf("probe failed in %v: %v", time.Since(start), err)
		return
	}
	if _, err := os.Stat("/proc/asound/cards"); err == nil {
		if b, _ := os.ReadFile("/proc/asound/cards"); !strings.Contains(string(b), "no soundcards") && len(strings.TrimSpace(string(b))) > 0 {
			t.Fatalf("this machine has a sound card (%q): the no-device check needs one without", b)
		}
	}
	for _, quiet := range []string{"0", "1"} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestOpenWithoutDevice$", "-test.v")
		cmd.Env = append(os.Environ(), "SMOOTHIE_AUDIO_CHILD=1", "SMOOTHIE_AUDIO_QUIET="+quiet, "PULSE_SERVER=unix:/nonexistent/smoothie")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("child: %v\n%s", err, out)
		}
		noisy := strings.Contains(string(out), "ALSA lib")
		if quiet == "1" && noisy {
			t.Errorf("Quiet probe still printed ALSA's messages:\n%s", out)
		}
		if quiet == "0" {
			t.Logf("probe without Quiet printed ALSA's messages: %v", noisy)
		} else {
			t.Logf("child:\n%s", out)
		}
	}
}
