package decode

import (
	"math"
	"os/exec"
	"strings"
	"testing"
)

// requireEncoder fails the test when the ffmpeg CLI lacks an encoder (Debian's has them all).
func requireEncoder(t *testing.T, name string) {
	t.Helper()
	requireTools(t)
	out, err := exec.Command("ffmpeg", "-hide_banner", "-encoders").Output()
	if err != nil || !strings.Contains(string(out), " "+name+" ") {
		t.Fatalf("ffmpeg has no %s encoder", name)
	}
}

func TestHEVCMatchesFFmpeg(t *testing.T) {
	requireEncoder(t, "libx265")
	c := clip{W: 192, H: 108, FPS: 25, Seconds: 1, GOP: 12, HEVC: true}
	path := makeClip(t, c)
	vt, _ := demux(t, path)
	if vt == nil || vt.cfg.Codec != "hevc" {
		t.Fatal("no HEVC track")
	}
	v, err := NewVideo(vt.cfg, VideoOptions{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	frames := decodeTrack(t, v, vt.samples)
	ref := refFrames(t, path, c.W, c.H)
	if len(frames) != len(ref) || len(frames) != probeFrames(t, path) {
		t.Fatalf("%d frames, ffmpeg %d", len(frames), len(ref))
	}
	checkMonotonic(t, frames)
	for i, f := range frames {
		if f.sum != ref[i] {
			t.Fatalf("frame %d differs from ffmpeg's", i)
		}
	}
}

func TestEAC3Decodes(t *testing.T) {
	requireEncoder(t, "eac3")
	_, at := demux(t, makeClip(t, clip{W: 64, H: 64, FPS: 10, Seconds: 1, GOP: 10, Audio: true, EAC3: true}))
	if at == nil || at.cfg.Codec != "eac3" {
		t.Fatal("no E-AC-3 track")
	}
	a, err := NewAudio(at.cfg, AudioOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	p := decodeAudio(t, a, at.samples)
	if frames := len(p.samples) / p.channels; frames != len(at.samples)*1536 {
		t.Fatalf("%d sample frames from %d E-AC-3 frames of 1536", frames, len(at.samples))
	}
	if r, want := p.rms(0), 0.125/math.Sqrt2; math.Abs(r-want) > 0.1*want {
		t.Fatalf("RMS %.4f, want %.4f", r, want)
	}
}
