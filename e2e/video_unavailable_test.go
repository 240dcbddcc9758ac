package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/internal/xvfbtest"
)

// unplayableVideo packs a 4 s HEVC presentation into root/novps and takes the VPS
// out of every video level's CodecPrivateData in its .ismc (what pack wrote before
// issue 12: no player can be configured from it), and a copy without its video
// stream into root/audioonly.
func unplayableVideo(t *testing.T, root string) {
	t.Helper()
	dir := filepath.Join(root, "novps")
	if b, err := exec.Command(smoothie, "pack", "--synthetic", "4s", "--codec", "hevc", "--ladder", "320x180@300k,480x270@600k", dir).CombinedOutput(); err != nil {
		t.Fatalf("smoothie pack: %v\n%s", err, b)
	}
	ismc := filepath.Join(dir, "demo.ismc")
	b, err := os.ReadFile(ismc)
	if err != nil {
		t.Fatal(err)
	}
	// CodecPrivateData="00000001 40 01 … (VPS) 00000001 42 01 … (SPS) …": drop up to the SPS.
	vps := regexp.MustCompile(`CodecPrivateData="00000001400[0-9A-F]*?(00000001420)`)
	fixed := vps.ReplaceAll(b, []byte(`CodecPrivateData="$1`))
	if n := len(vps.FindAll(b, -1)); n != 2 {
		t.Fatalf("%d video levels with a VPS in\n%s", n, b)
	}
	if err := os.WriteFile(ismc, fixed, 0o644); err != nil {
		t.Fatal(err)
	}
	ao := filepath.Join(root, "audioonly")
	if err := os.MkdirAll(ao, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		switch {
		case strings.HasSuffix(e.Name(), ".ismv"):
			continue
		case e.Name() == "demo.ismc":
			data = regexp.MustCompile(`(?s)<StreamIndex[^>]*Type="video".*?</StreamIndex>`).ReplaceAll(data, nil)
		case e.Name() == "demo.ism":
			data = regexp.MustCompile(`<video [^>]*>(\s*<param [^>]*/>)*\s*</video>`).ReplaceAll(data, nil)
		}
		if err := os.WriteFile(filepath.Join(ao, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestVideoUnavailable: a presentation whose video has no playable level plays its
// sound to the end, every headless status line says "video unavailable: REASON",
// and the exit status is 1; with --video none it plays as before (exit 0, not a
// word), and so does an audio-only presentation.
func TestVideoUnavailable(t *testing.T) {
	root := t.TempDir()
	unplayableVideo(t, root)
	o := startServe(t, "--access-log", "", root)
	novps, audioOnly := o.URL+"/novps/demo.ism/Manifest", o.URL+"/audioonly/demo.ism/Manifest"

	code, out, sum := playHeadless(t, novps)
	lines := regexp.MustCompile(`(?m)^.*\bpos .*$`).FindAllString(out, -1)
	if code != 1 || !strings.Contains(out, "smoothie play: video unavailable: video stream") || len(lines) < 3 {
		t.Errorf("headless: exit %d, want 1 and the reason\n%s", code, out)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "video unavailable: video stream \"video\" level Index=") || !strings.Contains(l, "0 VPS") {
			t.Errorf("status line without the reason: %q", l)
		}
	}
	if sum.AudioDecoded < 0.95*4 || sum.FramesDecoded != 0 {
		t.Errorf("headless: %.2f s of sound, %d frames; want the sound of 4 s, no frames", sum.AudioDecoded, sum.FramesDecoded)
	}

	for _, tc := range []struct{ name, url, video string }{
		{"--headless --video none", novps, "none"},
		{"audio only", audioOnly, ""},
	} {
		var args []string
		if tc.video != "" {
			args = append(args, "--video", tc.video)
		}
		code, out, sum := playHeadless(t, tc.url, args...)
		if code != 0 || strings.Contains(out, "unavailable") || sum.AudioDecoded < 0.95*4 {
			t.Errorf("%s: exit %d, %.2f s of sound; want exit 0, the whole sound, no word of it\n%s", tc.name, code, sum.AudioDecoded, out)
		}
	}
}

// TestVideoUnavailableOnScreen: the terminal (--video term under the TUI, in tmux)
// and the window (Xvfb) say "video unavailable" while the sound plays, and play
// exits 1.
func TestVideoUnavailableOnScreen(t *testing.T) {
	root := t.TempDir()
	unplayableVideo(t, root)
	o := startServe(t, "--access-log", "", root)
	url := o.URL + "/novps/demo.ism/Manifest"

	t.Run("terminal and TUI", func(t *testing.T) {
		sock := filepath.Join(t.TempDir(), "tmux.sock")
		tmux(t, sock, "new-session", "-d", "-s", "vu", "-x", "150", "-y", "40",
			fmt.Sprintf("%s play --video term --audio none %s; echo EXIT=$?; sleep 30", smoothie, url))
		t.Cleanup(func() { exec.Command("tmux", "-S", sock, "kill-server").Run() })
		var screen string
		seen := 0
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
			screen = tmux(t, sock, "capture-pane", "-p", "-t", "vu")
			seen = max(seen, strings.Count(screen, "video unavailable: video stream"))
			if strings.Contains(screen, "EXIT=") {
				break
			}
		}
		// the terminal's video region and the TUI's notice line
		if seen < 2 {
			t.Errorf("\"video unavailable\" seen %d times at once, want the video region and the panel; screen:\n%s", seen, screen)
		}
		if !strings.Contains(screen, "EXIT=1") {
			t.Errorf("no exit status 1; screen:\n%s", screen)
		}
	})

	t.Run("window", func(t *testing.T) {
		disp := xvfbtest.Start(t)
		done, out := playInWindow(t, disp, url)
		time.Sleep(2500 * time.Millisecond)
		img, shot := xvfbtest.Screenshot(t, disp)
		err := <-done
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			t.Errorf("smoothie play: %v, want exit 1\n%s", err, out.String())
		}
		// The notice is light text in the overlay box at the top left of a black
		// window (no picture comes); below the box the window stays black.
		luma := func(x, y int) int {
			r, g, b, _ := img.At(x, y).RGBA()
			return int((r>>8)*3+(g>>8)*6+(b>>8)) / 10
		}
		text, below := 0, 0
		for y := 16; y < 40; y++ {
			for x := 16; x < 300; x++ {
				text = max(text, luma(x, y))
			}
		}
		for y := 300; y < 400; y++ {
			for x := 16; x < 300; x++ {
				below = max(below, luma(x, y))
			}
		}
		if text < 150 || below > 40 {
			t.Errorf("window: brightest text %d (want ≥150), brightest below %d (want dark); screenshot %s", text, below, shot)
		}
	})
}
