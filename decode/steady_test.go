package decode

import (
	"errors"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/media"
)

// loop decodes samples n times over, shifting times so the stream looks continuous,
// releasing every frame at once. It returns the number of frames.
func loop(t testing.TB, v *Video, samples []media.Sample, n int) int {
	frames := 0
	last := samples[len(samples)-1]
	span := last.Time + uint64(last.Duration)
	for i := 0; i < n; i++ {
		for _, s := range samples {
			s.Time += uint64(i) * span
			if err := v.Send(s); err != nil {
				t.Fatal(err)
			}
			for {
				f, err := v.Receive()
				if errors.Is(err, ErrNeedInput) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				frames++
				v.Release(f)
			}
		}
	}
	return frames
}

// rssKB reads the process's resident set size from /proc (0 where there is none).
func rssKB() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return n
		}
	}
	return 0
}

// TestVideoSteadyStateAllocs checks that once the pool is warm no pixel buffer is
// allocated per frame: the Go heap grows by far less than one frame per frame.
func TestVideoSteadyStateAllocs(t *testing.T) {
	vt, _ := demux(t, makeClip(t, clip{W: 320, H: 240, FPS: 25, Seconds: 2, GOP: 25}))
	v, err := NewVideo(vt.cfg, VideoOptions{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	loop(t, v, vt.samples, 1) // warm the pool
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	frames := loop(t, v, vt.samples, 3)
	runtime.ReadMemStats(&after)
	allocs := float64(after.Mallocs-before.Mallocs) / float64(frames)
	bytes := float64(after.TotalAlloc-before.TotalAlloc) / float64(frames)
	t.Logf("%d frames: %.2f allocs/frame, %.0f B/frame", frames, allocs, bytes)
	if ySize, cSize := i420Size(320, 240); bytes > float64(ySize+2*cSize)/10 {
		t.Fatalf("%.0f B allocated per frame: frame buffers are not reused", bytes)
	}
	if allocs > 3 {
		t.Fatalf("%.2f allocs per frame, want at most 3", allocs)
	}
}

// TestMemoryBounded decodes a few thousand video frames and audio buffers, with
// resets, flushes and fresh decoders on the way, and checks the process does not
// grow: every FFmpeg object is freed.
func TestMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes thousands of frames")
	}
	vt, at := demux(t, makeClip(t, clip{W: 320, H: 240, FPS: 25, Seconds: 2, GOP: 25, Audio: true}))
	round := func() {
		a, err := NewAudio(at.cfg, AudioOptions{SampleRate: 44100, Channels: 2})
		if err != nil {
			t.Fatal(err)
		}
		decodeAudio(t, a, at.samples)
		if err := a.Reset(); err != nil {
			t.Fatal(err)
		}
		decodeAudio(t, a, at.samples)
		if err := a.Close(); err != nil {
			t.Fatal(err)
		}

		v, err := NewVideo(vt.cfg, VideoOptions{Threads: 2})
		if err != nil {
			t.Fatal(err)
		}
		loop(t, v, vt.samples, 4)
		if err := v.Reset(); err != nil {
			t.Fatal(err)
		}
		loop(t, v, vt.samples, 4)
		if err := v.Close(); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 3; i++ { // settle allocator pools
		round()
	}
	runtime.GC()
	start := rssKB()
	for i := 0; i < 12; i++ {
		round()
	}
	runtime.GC()
	end := rssKB()
	t.Logf("RSS %d kB → %d kB over %d frames", start, end, 12*8*len(vt.samples))
	if start > 0 && end-start > 20*1024 {
		t.Fatalf("RSS grew by %d kB: something is not freed", end-start)
	}
}

// TestAudioSteadyStateAllocs checks PCM buffers are reused once the pool is warm.
func TestAudioSteadyStateAllocs(t *testing.T) {
	_, at := demux(t, makeClip(t, clip{W: 64, H: 64, FPS: 10, Seconds: 2, GOP: 10, Audio: true}))
	a, err := NewAudio(at.cfg, AudioOptions{SampleRate: 44100, Channels: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	pass := func() int {
		n := 0
		for _, s := range at.samples {
			if err := a.Send(s); err != nil {
				t.Fatal(err)
			}
			for {
				b, err := a.Receive()
				if errors.Is(err, ErrNeedInput) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				n++
				a.Release(b)
			}
		}
		return n
	}
	pass()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	n := pass() + pass()
	runtime.ReadMemStats(&after)
	allocs := float64(after.Mallocs-before.Mallocs) / float64(n)
	bytes := float64(after.TotalAlloc-before.TotalAlloc) / float64(n)
	t.Logf("%d buffers: %.2f allocs/buffer, %.0f B/buffer", n, allocs, bytes)
	if bytes > 1024 || allocs > 6 {
		t.Fatalf("%.2f allocs, %.0f B per buffer: PCM buffers are not reused", allocs, bytes)
	}
}
