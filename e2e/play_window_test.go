package e2e

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startXvfb runs an X server (installed by `make deps`) on a free display number and
// stops it when the test ends; it returns the DISPLAY value.
func startXvfb(t *testing.T) string {
	t.Helper()
	for n := 90; n < 120; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
			continue
		}
		disp := fmt.Sprintf(":%d", n)
		cmd := exec.Command("Xvfb", disp, "-screen", "0", "1280x720x24", "-nolisten", "tcp")
		if err := cmd.Start(); err != nil {
			t.Fatalf("Xvfb (installed by make deps): %v", err)
		}
		t.Cleanup(func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() })
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
				return disp
			}
		}
		t.Fatalf("Xvfb %s did not come up", disp)
	}
	t.Fatal("no free X display number")
	return ""
}

// screenshot photographs the X display disp (ImageMagick's import) and returns the
// image and the PNG file it is in.
func screenshot(t *testing.T, disp string) (image.Image, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shot.png")
	if b, err := exec.Command("import", "-display", disp, "-window", "root", path).CombinedOutput(); err != nil {
		t.Fatalf("import (ImageMagick, installed by make deps): %v %s", err, b)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img, path
}

// TestPlayInAWindow plays the bundled demo in a window under Xvfb and checks a
// screenshot of the X server: the demo's colour bars are where they belong (not just
// "not black").
func TestPlayInAWindow(t *testing.T) {
	disp := startXvfb(t)
	o := startServe(t, "--access-log", "", "../testdata/demo")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	play := exec.CommandContext(ctx, smoothie, "play", "--video", "window", "--audio", "none", "--quality", "5", "--for", "8s", o.URL+"/demo.ism/Manifest")
	play.Env = append(os.Environ(), "DISPLAY="+disp)
	out := &syncBuffer{}
	play.Stdout, play.Stderr = out, out
	if err := play.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- play.Wait() }()
	// Wait for playback to be under way, then photograph the screen.
	time.Sleep(4 * time.Second)
	img, shot := screenshot(t, disp)
	if err := <-done; err != nil {
		t.Fatalf("smoothie play: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "0 stalls") {
		t.Errorf("summary: %s", out.String())
	}
	// The synthetic source's bars, full-window at 1280x720: red, yellow, blue, cyan at
	// points clear of the burned-in text, the moving line and the checkerboard.
	want := []struct {
		name    string
		at      image.Point
		r, g, b bool // channel high?
	}{
		{"red", image.Pt(150, 440), true, false, false},
		{"yellow", image.Pt(530, 560), true, true, false},
		{"blue", image.Pt(700, 560), false, false, true},
		{"cyan", image.Pt(1200, 690), false, true, true},
	}
	ok := 0
	for _, w := range want {
		c := img.At(w.at.X, w.at.Y)
		r, g, b, _ := c.RGBA()
		high := func(v uint32) bool { return v>>8 > 150 }
		low := func(v uint32) bool { return v>>8 < 110 }
		match := (high(r) == w.r && (w.r || low(r))) && (high(g) == w.g && (w.g || low(g))) && (high(b) == w.b && (w.b || low(b)))
		if match {
			ok++
		} else {
			t.Logf("%s at %v is rgb(%d,%d,%d)", w.name, w.at, r>>8, g>>8, b>>8)
		}
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
