package e2e

import (
	"context"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/internal/syncbuf"
	"github.com/smoothie-player/smoothie/internal/xvfbtest"
)

// TestPlayInAWindow plays the bundled demo in a window under Xvfb and checks a
// screenshot of the X server: the demo's colour bars are where they belong (not just
// "not black").
func TestPlayInAWindow(t *testing.T) {
	disp := xvfbtest.Start(t)
	o := startServe(t, "--access-log", "", "../testdata/demo")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	play := exec.CommandContext(ctx, smoothie, "play", "--video", "window", "--audio", "none", "--quality", "5", "--for", "8s", o.URL+"/demo.ism/Manifest")
	play.Env = append(os.Environ(), "DISPLAY="+disp)
	out := &syncbuf.Buffer{}
	play.Stdout, play.Stderr = out, out
	if err := play.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- play.Wait() }()
	// Wait for playback to be under way, then photograph the screen.
	time.Sleep(4 * time.Second)
	var shot string
	_, ok, report := barsInShots(3, func() image.Image {
		img, path := xvfbtest.Screenshot(t, disp)
		shot = path
		return img
	})
	if err := <-done; err != nil {
		t.Fatalf("smoothie play: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "0 stalls") {
		t.Errorf("summary: %s", out.String())
	}
	if report != "" {
		t.Log(report)
	}
	if ok < 3 {
		t.Errorf("only %d of 4 colour bars found in the window screenshot %s", ok, shot)
		keep := filepath.Join(os.TempDir(), "smoothie-window-shot.png")
		if b, err := os.ReadFile(shot); err == nil {
			os.WriteFile(keep, b, 0o644)
			t.Logf("screenshot kept at %s", keep)
		}
	}
}
