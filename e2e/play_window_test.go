package e2e

import (
	"context"
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
	done, out := playInWindow(t, disp, "--quality", "5", "--for", "8s", o.URL+"/demo.ism/Manifest")
	// Wait for playback to be under way, then photograph the screen.
	time.Sleep(4 * time.Second)
	ok, shot := windowBars(t, disp)
	if err := <-done; err != nil {
		t.Fatalf("smoothie play: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "0 stalls") {
		t.Errorf("summary: %s", out.String())
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

// barColour names the bar colour an RGB pixel is (each channel clearly high, above
// 150, or low, below 110), or "".
func barColour(r, g, b uint8) string {
	level := func(v uint8) int {
		switch {
		case v > 150:
			return 1
		case v < 110:
			return 0
		}
		return -1
	}
	switch [3]int{level(r), level(g), level(b)} {
	case [3]int{1, 0, 0}:
		return "red"
	case [3]int{1, 1, 0}:
		return "yellow"
	case [3]int{0, 0, 1}:
		return "blue"
	case [3]int{0, 1, 1}:
		return "cyan"
	}
	return ""
}

// playInWindow starts `smoothie play --video window --audio none ARGS` on the X
// display disp (killed after a minute); done gives its exit, out its output.
func playInWindow(t *testing.T, disp string, args ...string) (<-chan error, *syncbuf.Buffer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	play := exec.CommandContext(ctx, smoothie, append([]string{"play", "--video", "window", "--audio", "none"}, args...)...)
	play.Env = append(os.Environ(), "DISPLAY="+disp)
	out := &syncbuf.Buffer{}
	play.Stdout, play.Stderr = out, out
	if err := play.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		done <- play.Wait()
		cancel()
	}()
	t.Cleanup(func() {
		cancel()
		<-ctx.Done()
	})
	return done, out
}
