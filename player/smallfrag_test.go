package player_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/origin"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/smooth"
)

// tinyLadder is the declared ladder of the tiny-fragment presentation (bits/s).
var tinyLadder = []uint64{300_000, 750_000, 1_500_000, 3_000_000, 5_000_000}

var (
	tinyOnce sync.Once
	tinyDir  string
	tinyErr  error
)

// tinyFixture makes (once per test binary) a presentation whose video compresses to
// a couple of KB a fragment whatever the level (a flat colour, x264 at constant
// quality) under the declared ladder tinyLadder, with 128 kbit/s AAC: 40 s in 2 s
// fragments. The content an engine that ignores small transfers never measures.
func tinyFixture(t *testing.T) string {
	t.Helper()
	tinyOnce.Do(func() {
		dir, err := os.MkdirTemp("", "smoothie-tiny-")
		if err != nil {
			tinyErr = err
			return
		}
		tinyDir = dir
		args := []string{"-hide_banner", "-loglevel", "error", "-y",
			"-f", "lavfi", "-i", "color=c=0x336699:size=480x270:rate=25:duration=40",
			"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=40"}
		sizes := []string{"160x90", "192x108", "256x144", "320x180", "480x270"}
		ism := &smooth.ServerManifest{}
		for i, br := range tinyLadder {
			name := fmt.Sprintf("v%d.ismv", br/1000)
			args = append(args, "-map", "0:v", "-s", sizes[i], "-c:v", "libx264", "-preset", "ultrafast", "-crf", "30",
				"-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-f", "ismv", filepath.Join(dir, name))
			ism.Tracks = append(ism.Tracks, smooth.ServerTrack{Kind: media.KindVideo, Src: name, SystemBitrate: br,
				Params: []smooth.Attribute{{Name: "trackID", Value: "1"}}})
		}
		args = append(args, "-map", "1:a", "-c:a", "aac", "-b:a", "128k", "-frag_duration", "2000000", "-f", "ismv", filepath.Join(dir, "a128.isma"))
		ism.Tracks = append(ism.Tracks, smooth.ServerTrack{Kind: media.KindAudio, Src: "a128.isma", SystemBitrate: 128000,
			Params: []smooth.Attribute{{Name: "trackID", Value: "1"}}})
		if out, err := exec.Command("ffmpeg", args...).CombinedOutput(); err != nil {
			tinyErr = fmt.Errorf("ffmpeg (installed by make deps): %v\n%s", err, out)
			return
		}
		tinyErr = os.WriteFile(filepath.Join(dir, "tiny.ism"), ism.Marshal(), 0o644)
	})
	if tinyErr != nil {
		t.Fatal(tinyErr)
	}
	t.Cleanup(func() {}) // the directory goes with the test binary (TestMain)
	return tinyDir
}

// playTiny plays the tiny presentation from an origin on loopback shaped to rate
// bits/s (0: unshaped) with the default engine, long enough for the 30 s buffer
// to fill, and returns the video fragments' bitrates and sizes.
func playTiny(t *testing.T, rate float64) ([]float64, []float64) {
	cfg := origin.Config{Dir: tinyFixture(t)}
	if rate > 0 {
		cfg.Rate = origin.ConstantRate(rate)
	}
	o, err := origin.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(o)
	t.Cleanup(func() { hs.Close(); o.Close() })
	r := play(t, player.Config{URL: hs.URL + "/tiny.ism/Manifest", PlayFor: 4 * time.Second}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	for _, l := range linesOf(r, "switch") {
		if l["kind"] == "video" {
			t.Logf("t=%.3fs switch to %.0f: %v", l["t_s"], l["to"], l["reason"])
		}
	}
	var br, bytes []float64
	for _, l := range linesOf(r, "fragment") {
		if l["kind"] == "video" {
			br = append(br, l["bitrate"].(float64))
			bytes = append(bytes, l["bytes"].(float64))
		}
	}
	if len(br) < 14 {
		t.Fatalf("%d video fragments in 4 s with a 30 s buffer target", len(br))
	}
	return br, bytes
}

// TestTinyFragmentsReachTheTop: fragments of a couple of KB on an unshaped loopback
// link: the engine is at the top level within five video fragments and stays. (Not
// parallel: loopback's rate is the CPU's, and the package's parallel sessions would
// make it a slow link.)
func TestTinyFragmentsReachTheTop(t *testing.T) {
	br, bytes := playTiny(t, 0)
	t.Logf("video fragments at %v, bytes %v", br, bytes)
	top := float64(tinyLadder[len(tinyLadder)-1])
	for i := 4; i < len(br); i++ {
		if br[i] != top {
			t.Fatalf("video fragment %d at %.0f bit/s: not at the top (%.0f) from the fifth on: %v", i+1, br[i], top, br)
		}
	}
	if slices := bytes[:5]; slices[0] > 8<<10 {
		t.Errorf("the fixture's fragments are not small: %v bytes", slices)
	}
}

// TestTinyFragmentsShapedLink: the same presentation behind `serve --rate`'s
// shaper at 2 Mbit/s: the engine never fetches a level above the link, and from the
// tenth video fragment on it holds the highest level at most 0.9 × the link.
func TestTinyFragmentsShapedLink(t *testing.T) {
	const rate = 2e6
	br, _ := playTiny(t, rate)
	t.Logf("video fragments at %v", br)
	want := 0.0
	for _, b := range tinyLadder {
		if float64(b) <= 0.9*rate {
			want = float64(b)
		}
	}
	for i, b := range br {
		if b > rate {
			t.Fatalf("video fragment %d at %.0f bit/s over a %.0f bit/s link: %v", i+1, b, rate, br)
		}
		if i >= 9 && b != want {
			t.Fatalf("video fragment %d at %.0f bit/s, want %.0f from the tenth on: %v", i+1, b, want, br)
		}
	}
}
