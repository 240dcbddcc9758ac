package decode

import (
	"runtime"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

type frameMeta struct {
	w, h int
	pts  time.Duration
	key  bool
}

// decodeMeta decodes samples to the end and returns what each frame says about
// itself; planes reports whether frames carried pixels.
func decodeMeta(t *testing.T, v *Video, samples []media.Sample) (out []frameMeta, planes int) {
	t.Helper()
	take := func(f *media.VideoFrame) {
		out = append(out, frameMeta{f.Width, f.Height, f.PTS, f.Keyframe})
		if f.Y != nil || f.U != nil || f.V != nil {
			planes++
		}
		v.Release(f)
	}
	feed[media.VideoFrame](t, v, samples, true, take)
	return out, planes
}

// TestVideoTimingOnly: with SetTimingOnly the frames are those of a normal decode
// (same count, sizes, PTS and keyframes) without planes, and nothing is allocated
// per frame; switched off again, frames carry pictures.
func TestVideoTimingOnly(t *testing.T) {
	vt, _ := demux(t, makeClip(t, clip{W: 320, H: 240, FPS: 25, Seconds: 2, GOP: 25}))
	v, err := NewVideo(vt.cfg, VideoOptions{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	want, planes := decodeMeta(t, v, vt.samples)
	if len(want) != len(vt.samples) || planes != len(want) {
		t.Fatalf("normal decode: %d frames (%d with planes) of %d samples", len(want), planes, len(vt.samples))
	}
	v.SetTimingOnly(true)
	got, planes := decodeMeta(t, v, vt.samples)
	if planes != 0 {
		t.Errorf("timing only: %d frames carried planes", planes)
	}
	if len(got) != len(want) {
		t.Fatalf("timing only: %d frames, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("frame %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	frames := loop(t, v, vt.samples, 3)
	runtime.ReadMemStats(&after)
	if allocs := float64(after.Mallocs-before.Mallocs) / float64(frames); allocs > 3 {
		t.Errorf("timing only: %.2f allocs per frame, want at most 3 (as TestVideoSteadyStateAllocs: go-astiav allocates 2 per packet; frames come from the pool)", allocs)
	}
	if bytes := float64(after.TotalAlloc-before.TotalAlloc) / float64(frames); bytes > 1024 {
		t.Errorf("timing only: %.0f B allocated per frame", bytes)
	}
	v.SetTimingOnly(false)
	if err := v.Reset(); err != nil {
		t.Fatal(err)
	}
	if _, planes := decodeMeta(t, v, vt.samples); planes != len(want) {
		t.Errorf("timing only off: %d of %d frames carried planes", planes, len(want))
	}
}
