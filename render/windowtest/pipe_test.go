package windowtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jezek/xgb/xproto"
	"github.com/smoothie-player/smoothie/internal/xvfbtest"
	"github.com/smoothie-player/smoothie/render/rendertest"
	"github.com/smoothie-player/smoothie/render/windowproc"
)

// TestWindowInHelperProcess drives a window through render/windowproc: frames go
// down a pipe to a helper running window.ServePipe, sizes come back.
func TestWindowInHelperProcess(t *testing.T) {
	disp := xvfbtest.Start(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "showframes")
	if b, err := exec.Command("go", "build", "-o", bin, "github.com/smoothie-player/smoothie/render/window/internal/showframes").CombinedOutput(); err != nil {
		t.Fatalf("building showframes: %v\n%s", err, b)
	}
	var stderr strings.Builder
	keys := make(chan string, 16)
	s, err := windowproc.Start(windowproc.Config{Command: []string{bin, "-pipe"}, Env: []string{"DISPLAY=" + disp}, Stderr: &stderr,
		OnKey: func(k string) { keys <- k }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f := rendertest.QuadFrame(320, 180, 0, 0)
	deadline := time.Now().Add(15 * time.Second)
	for w, _ := s.Size(); w == 0; w, _ = s.Size() {
		if err := s.Show(f); err != nil {
			t.Fatalf("Show: %v (helper: %v)\n%s", err, s.Err(), stderr.String())
		}
		if time.Now().After(deadline) {
			t.Fatalf("no size from the helper\n%s", stderr.String())
		}
		time.Sleep(40 * time.Millisecond)
	}
	if w, h := s.Size(); w != 1280 || h != 720 {
		t.Errorf("Size() = %dx%d, want the default 1280x720", w, h)
	}
	for range 10 {
		s.Show(f)
		time.Sleep(40 * time.Millisecond)
	}
	img, root := xvfbtest.Screenshot(t, disp)
	for q := range 4 {
		if n := countNear(img, quad[q], 8); n < 640*360*9/10 {
			t.Errorf("X screenshot: %d pixels of quadrant %d's colour, want about %d", n, q, 640*360)
		}
	}
	// Keys typed on the X display come back through the pipe, named.
	kb, err := dialKeys(disp, 640, 360)
	if err != nil {
		t.Fatal(err)
	}
	defer kb.close()
	time.Sleep(100 * time.Millisecond)
	want := []string{"q", "left", "space", "+"}
	for _, sym := range []xproto.Keysym{'q', 0xff51, ' ', '+'} {
		if sym == '+' {
			sym = 0xffab // KP_Add: '+' without shift
		}
		if err := kb.press(sym); err != nil {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	var got []string
	for timeout := time.After(5 * time.Second); len(got) < len(want); {
		select {
		case k := <-keys:
			got = append(got, k)
		case <-timeout:
			t.Fatalf("keys forwarded: %q, want %q\n%s", got, want, stderr.String())
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("keys forwarded: %q, want %q", got, want)
	}

	shown, skipped := s.Stats()
	t.Logf("frames shown %d, skipped %d", shown, skipped)
	start := time.Now()
	s.Close()
	select {
	case <-s.Done():
	default:
		t.Fatal("helper still running after Close")
	}
	if err := s.Err(); err != nil {
		t.Errorf("helper exit: %v\n%s", err, stderr.String())
	}
	t.Logf("Close took %v", time.Since(start))
	if t.Failed() {
		os.Link(root, filepath.Join(os.TempDir(), "smoothie-pipe-root.png"))
	}
}
