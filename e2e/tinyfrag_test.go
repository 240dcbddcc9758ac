package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// tinyLadder is the declared ladder of the tiny-fragment presentation (bits/s).
var tinyLadder = []uint64{300_000, 750_000, 1_500_000, 3_000_000, 5_000_000}

// tinyPresentation writes under dir a presentation whose video compresses to a
// couple of KB a fragment whatever the level (a flat colour, x264 at constant
// quality) under the declared ladder tinyLadder, with 128 kbit/s AAC: 40 s in
// 2 s fragments. Content an engine that ignores small transfers never measures.
func tinyPresentation(t *testing.T, dir string) {
	t.Helper()
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
		t.Fatalf("ffmpeg (installed by make deps): %v\n%s", err, out)
	}
	if err := os.WriteFile(filepath.Join(dir, "tiny.ism"), ism.Marshal(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// playTiny plays the tiny presentation for 4 s (a 30 s buffer fills meanwhile)
// from `smoothie serve` with serveArgs, with the default engine, and returns the
// video fragments' bitrates, sizes and the video switch reasons. It decodes
// nothing (--decode none): what is under test is the meter, and a machine busy
// with other work makes the decoder slow enough for the engine's CPU cap to hold
// the top level back (rightly, on that machine).
func playTiny(t *testing.T, dir string, serveArgs ...string) (br, bytes []float64, reasons []string) {
	t.Helper()
	o := startServe(t, append(append([]string{"--access-log", ""}, serveArgs...), dir)...)
	stats := filepath.Join(t.TempDir(), "stats.json")
	cmd := exec.Command(smoothie, "play", "--headless", "--decode", "none", "--for", "4s", "--stats-json", stats, o.URL+"/tiny.ism/Manifest")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("smoothie play: %v\n%s", err, out)
	}
	f, err := os.Open(stats)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l map[string]any
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("stats line %q: %v", sc.Text(), err)
		}
		if l["kind"] != "video" {
			continue
		}
		switch l["type"] {
		case "fragment":
			br = append(br, l["bitrate"].(float64))
			bytes = append(bytes, l["bytes"].(float64))
		case "switch":
			reasons = append(reasons, fmt.Sprintf("t=%.3fs → %.0f: %v", l["t_s"], l["to"], l["reason"]))
		}
	}
	t.Logf("video switches:\n%s", strings.Join(reasons, "\n"))
	t.Logf("video fragments at %v, bytes %v", br, bytes)
	if len(br) < 14 {
		t.Fatalf("%d video fragments in 4 s with a 30 s buffer target", len(br))
	}
	return br, bytes, reasons
}

// TestTinyFragments: the engine measures a presentation of ~1.5 KB fragments.
// On an unshaped loopback it is at the top level from the fifth video fragment
// on; behind `serve --rate 2Mbps` it never fetches a level above 2 Mbit/s, and
// from the tenth video fragment on holds the highest level at most 0.9 × 2 Mbit/s.
func TestTinyFragments(t *testing.T) {
	dir := t.TempDir()
	tinyPresentation(t, dir)
	t.Run("unshaped", func(t *testing.T) {
		br, bytes, _ := playTiny(t, dir)
		if bytes[1] > 8<<10 {
			t.Fatalf("the presentation's fragments are not small: %v bytes", bytes)
		}
		top := float64(tinyLadder[len(tinyLadder)-1])
		for i := 4; i < len(br); i++ {
			if br[i] != top {
				t.Fatalf("video fragment %d at %.0f bit/s: not at the top (%.0f) from the fifth on: %v", i+1, br[i], top, br)
			}
		}
	})
	t.Run("rate 2Mbps", func(t *testing.T) {
		const rate = 2e6
		br, _, _ := playTiny(t, dir, "--rate", "2Mbps")
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
	})
}
