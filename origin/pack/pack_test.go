package pack

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/decode/encode"
)

// testLadder is small enough to encode quickly on two cores.
func testLadder() []encode.Level {
	return []encode.Level{
		{Width: 320, Height: 180, Bitrate: 300_000},
		{Width: 480, Height: 270, Bitrate: 600_000},
		{Width: 640, Height: 360, Bitrate: 1_000_000},
	}
}

// packSynthetic packs a short synthetic presentation into a temporary directory.
func packSynthetic(t *testing.T, d time.Duration) (string, *Result) {
	t.Helper()
	encode.QuietLogs()
	dir := filepath.Join(t.TempDir(), "out")
	start := time.Now()
	res, err := Pack(context.Background(), Input{Synthetic: d}, dir, Config{Levels: testLadder()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("packed %v of synthetic video (%d levels) in %v", d, len(testLadder()), time.Since(start).Round(time.Millisecond))
	return dir, res
}

func TestPackSynthetic(t *testing.T) {
	const dur = 6 * time.Second
	dir, res := packSynthetic(t, dur)
	ladder := testLadder()
	if len(res.Files) != len(ladder)+1 || res.Fragments != 3 {
		t.Fatalf("result %+v", res)
	}
	tracks := make([][]readFragment, len(res.Files))
	for i, f := range res.Files {
		tracks[i] = readTrack(t, filepath.Join(dir, f))
	}

	t.Run("bitrate", func(t *testing.T) {
		for i, l := range ladder {
			var bytes, ticks, filler uint64
			for _, f := range tracks[i] {
				bytes += f.Size
				ticks += f.Duration
				filler += f.FillerBytes
			}
			got := float64(bytes*8) / (float64(ticks) / encode.Timescale)
			dev := got/float64(l.Bitrate) - 1
			t.Logf("level %d %s: fragments average %.0f kbit/s (%+.1f%%), %.1f%% of it CBR filler",
				i+1, l, got/1000, dev*100, 100*float64(filler)/float64(bytes))
			// The bitrate must be spent on pictures, not padding: the source is hard enough.
			if share := float64(filler) / float64(bytes); share > 0.25 {
				t.Errorf("level %d %s: %.0f%% of the bytes are filler; the source is too easy to compress", i+1, l, share*100)
			}
			if dev < -0.15 || dev > 0.15 {
				t.Errorf("level %d %s: %.0f kbit/s is not within 15%% of %d", i+1, l, got/1000, l.Bitrate/1000)
			}
		}
	})

	t.Run("keyframes and alignment", func(t *testing.T) {
		for i := range ladder {
			if len(tracks[i]) != len(tracks[0]) {
				t.Fatalf("level %d has %d fragments, level 1 %d", i+1, len(tracks[i]), len(tracks[0]))
			}
			for k, f := range tracks[i] {
				if !f.FirstSync || !bytes.Contains(f.FirstNALTypes, []byte{5}) {
					t.Errorf("level %d fragment %d: first sample sync=%v NAL types %v, want an IDR", i+1, k, f.FirstSync, f.FirstNALTypes)
				}
				if f.Time != tracks[0][k].Time || f.Duration != tracks[0][k].Duration {
					t.Errorf("level %d fragment %d (%v) not aligned with level 1 (%v)", i+1, k, f, tracks[0][k])
				}
				if f.Duration != f.TrunDuration || f.Duration != 20_000_000 {
					t.Errorf("level %d fragment %d: tfxd duration %d, trun %d, want 2 s", i+1, k, f.Duration, f.TrunDuration)
				}
				if k > 0 && f.Time != tracks[i][k-1].Time+tracks[i][k-1].Duration {
					t.Errorf("level %d fragment %d: gap after previous", i+1, k)
				}
			}
		}
		audio := tracks[len(ladder)]
		if len(audio) != len(tracks[0]) {
			t.Fatalf("audio has %d fragments, video %d", len(audio), len(tracks[0]))
		}
		for k := 1; k < len(audio); k++ {
			v := tracks[0][k].Time
			if audio[k].Time < v || audio[k].Time-v >= 213334 {
				t.Errorf("audio fragment %d starts at %d, video at %d: want the first audio packet at or after the video", k, audio[k].Time, v)
			}
		}
	})

	t.Run("manifests", func(t *testing.T) {
		ismc, err := os.ReadFile(filepath.Join(dir, res.Manifest))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`MajorVersion="2" MinorVersion="2"`, `<c t="213333" d="20000000" r="3"`, `FourCC="AACL"`, `CodecPrivateData="1190"`, `Bitrate="1000000"`} {
			if !strings.Contains(string(ismc), want) {
				t.Errorf(".ismc lacks %s", want)
			}
		}
		ism, err := os.ReadFile(filepath.Join(dir, res.ServerManifest))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Files {
			if !strings.Contains(string(ism), `src="`+f+`"`) {
				t.Errorf(".ism does not name %s", f)
			}
		}
	})

	t.Run("gstreamer mssdemux plays", func(t *testing.T) {
		bitrates := []int64{}
		for _, l := range ladder {
			bitrates = append(bitrates, l.Bitrate)
		}
		playWithGStreamer(t, dir, res, append(bitrates, encode.DefaultAudioBitrate), tracks, 150)
	})

	t.Run("flash and beep in sync", func(t *testing.T) {
		if _, err := exec.LookPath("ffmpeg"); err != nil {
			t.Fatal("ffmpeg is not installed (make deps installs it)")
		}
		a := len(tracks) - 1
		checkFlashBeepSync(t, filepath.Join(dir, res.Files[0]), filepath.Join(dir, res.Files[a]), tracks[0][0].Time, tracks[a][0].Time)
	})

	t.Run("ffmpeg decodes", func(t *testing.T) {
		if _, err := exec.LookPath("ffprobe"); err != nil {
			t.Fatal("ffprobe is not installed (make deps installs ffmpeg)")
		}
		for i, f := range res.Files {
			path := filepath.Join(dir, f)
			out, err := exec.Command("ffmpeg", "-v", "error", "-xerror", "-i", path, "-f", "null", "-").CombinedOutput()
			if err != nil || len(bytes.TrimSpace(out)) > 0 {
				t.Errorf("ffmpeg decoding %s: %v %s", f, err, out)
			}
			out, err = exec.Command("ffprobe", "-v", "error", "-count_frames", "-show_entries", "stream=nb_read_frames",
				"-of", "default=nw=1:nk=1", path).Output()
			if err != nil {
				t.Fatalf("ffprobe %s: %v", f, err)
			}
			n := strings.TrimSpace(string(out))
			if i < len(ladder) && n != "150" {
				t.Errorf("%s: %s frames, want 150", f, n)
			}
		}
	})
}

func TestPackErrors(t *testing.T) {
	encode.QuietLogs()
	tmp := t.TempDir()
	ctx := context.Background()
	small := Config{Levels: testLadder()[:1]}
	cases := []struct {
		name string
		in   Input
		cfg  Config
		want string
	}{
		{"unreadable", Input{File: filepath.Join(tmp, "missing.mp4")}, small, "cannot open"},
		{"duplicate bitrate", Input{Synthetic: time.Second}, Config{Levels: []encode.Level{{Width: 320, Height: 180, Bitrate: 300_000}, {Width: 640, Height: 360, Bitrate: 300_000}}}, "bitrate repeats"},
		{"odd size", Input{Synthetic: time.Second}, Config{Levels: []encode.Level{{Width: 321, Height: 180, Bitrate: 300_000}}}, "even"},
		{"no input", Input{}, small, "no file"},
	}
	for _, c := range cases {
		_, err := Pack(ctx, c.in, filepath.Join(tmp, c.name), c.cfg, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error %v, want one line containing %q", c.name, err, c.want)
		}
		if _, err := os.Stat(filepath.Join(tmp, c.name)); err == nil {
			t.Errorf("%s: left an output directory", c.name)
		}
	}
	entries, _ := os.ReadDir(tmp)
	for _, e := range entries {
		t.Errorf("left %s behind", e.Name())
	}
}

func TestPackFileInput(t *testing.T) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Fatal("ffmpeg is not installed (make deps installs it)")
	}
	encode.QuietLogs()
	tmp := t.TempDir()
	in := filepath.Join(tmp, "in.mkv")
	// A 3 s 30000/1001 fps input with 44.1 kHz mono audio, so the packager must convert both.
	out, err := exec.Command("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=400x240:r=30000/1001:d=3",
		"-f", "lavfi", "-i", "sine=f=440:r=44100:d=3", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", in).CombinedOutput()
	if err != nil {
		t.Fatalf("making input: %v %s", err, out)
	}
	levels := []encode.Level{{Width: 320, Height: 180, Bitrate: 250_000}, {Width: 400, Height: 240, Bitrate: 500_000}}
	dir := filepath.Join(tmp, "out")
	res, err := Pack(context.Background(), Input{File: in}, dir, Config{Levels: levels, Fragment: time.Second}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Manifest != "in.ismc" || len(res.Files) != 3 {
		t.Fatalf("result %+v", res)
	}
	v := readTrack(t, filepath.Join(dir, res.Files[0]))
	if len(v) != 3 {
		t.Errorf("%d fragments, want 3", len(v))
	}
	for k, f := range v {
		if !f.FirstSync {
			t.Errorf("fragment %d does not start with a keyframe", k)
		}
	}
	readTrack(t, filepath.Join(dir, res.Files[2]))

	// The same file: a level larger than the input, and an audio-only input.
	if _, err := Pack(context.Background(), Input{File: in}, filepath.Join(tmp, "big"), Config{Levels: []encode.Level{{Width: 640, Height: 360, Bitrate: 1_000_000}}}, nil); err == nil || !strings.Contains(err.Error(), "larger than the input") {
		t.Errorf("upscaling ladder: %v", err)
	}
	if _, err := Pack(context.Background(), Input{File: filepath.Join(dir, res.Files[2])}, filepath.Join(tmp, "audio"), Config{Levels: levels[:1]}, nil); err == nil || !strings.Contains(err.Error(), "no video stream") {
		t.Errorf("audio-only input: %v", err)
	}
}

func TestPackHEVC(t *testing.T) {
	encode.QuietLogs()
	dir := filepath.Join(t.TempDir(), "hevc")
	res, err := Pack(context.Background(), Input{Synthetic: 2 * time.Second}, dir,
		Config{Levels: testLadder()[:1], Codec: encode.CodecHEVC, Fragment: time.Second}, nil)
	if err != nil {
		t.Fatal(err)
	}
	frags := readTrack(t, filepath.Join(dir, res.Files[0]))
	if len(frags) != 2 || !frags[0].FirstSync || !frags[1].FirstSync {
		t.Fatalf("fragments %v", frags)
	}
	ismc, err := os.ReadFile(filepath.Join(dir, res.Manifest))
	if err != nil || !strings.Contains(string(ismc), `FourCC="hev1"`) {
		t.Fatalf("manifest: %v %s", err, ismc)
	}
	out, err := exec.Command("ffmpeg", "-v", "error", "-xerror", "-i", filepath.Join(dir, res.Files[0]), "-f", "null", "-").CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("ffmpeg decoding HEVC (make deps installs ffmpeg): %v %s", err, out)
	}
}

func TestPackCancel(t *testing.T) {
	encode.QuietLogs()
	tmp := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := Pack(ctx, Input{Synthetic: 20 * time.Second}, filepath.Join(tmp, "out"), Config{Levels: testLadder()[:1]},
		func(p Progress) {
			if p.Stage == "video" && p.Fraction > 0.2 {
				cancel()
			}
		})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Fatalf("cancelled run left %v", entries)
	}
}

func TestPackUnevenFragments(t *testing.T) {
	// 1.5 s at 25 fps is 37.5 frames: fragments alternate 38 and 37 frames, and
	// each still starts with an IDR on every level.
	encode.QuietLogs()
	dir := filepath.Join(t.TempDir(), "odd")
	res, err := Pack(context.Background(), Input{Synthetic: 4500 * time.Millisecond}, dir,
		Config{Levels: testLadder()[:2], Fragment: 1500 * time.Millisecond}, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := readTrack(t, filepath.Join(dir, res.Files[0]))
	b := readTrack(t, filepath.Join(dir, res.Files[1]))
	wantSamples := []int{38, 37, 38}
	if len(a) != 3 || len(b) != 3 {
		t.Fatalf("%d and %d fragments, want 3", len(a), len(b))
	}
	for k := range a {
		if a[k].Samples != wantSamples[k] || !a[k].FirstSync || !b[k].FirstSync || a[k].Time != b[k].Time {
			t.Errorf("fragment %d: %v (%d samples) vs %v", k, a[k], a[k].Samples, b[k])
		}
	}
	ismc, err := os.ReadFile(filepath.Join(dir, res.Manifest))
	if err != nil || !strings.Contains(string(ismc), `<c t="213333" d="15200000"/>`) || !strings.Contains(string(ismc), `<c d="14800000"/>`) {
		t.Errorf("manifest timeline: %s", ismc)
	}
}

func TestPackVideoOnlyFile(t *testing.T) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Fatal("ffmpeg is not installed (make deps installs it)")
	}
	encode.QuietLogs()
	tmp := t.TempDir()
	in := filepath.Join(tmp, "silent.mp4")
	if out, err := exec.Command("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=2",
		"-c:v", "libx264", "-preset", "ultrafast", in).CombinedOutput(); err != nil {
		t.Fatalf("making input: %v %s", err, out)
	}
	dir := filepath.Join(tmp, "out")
	res, err := Pack(context.Background(), Input{File: in}, dir, Config{Levels: testLadder()[:1]}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 1 {
		t.Fatalf("files %v, want one video file", res.Files)
	}
	if f := readTrack(t, filepath.Join(dir, res.Files[0])); f[0].Time != 0 {
		t.Errorf("without audio the video starts at %d, want 0", f[0].Time)
	}
}
