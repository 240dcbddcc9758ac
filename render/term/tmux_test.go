package term

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/render"
)

// TestThroughTmux draws a frame into a real terminal emulator (a tmux pane of
// 60×20 cells) and reads the cells back with capture-pane -e: the letterboxed
// picture must be where Fit says, in the right colours, and nothing outside the
// region may be touched.
func TestThroughTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatalf("tmux not installed: %v", err)
	}
	dir := t.TempDir()
	sock := filepath.Join(dir, "tmux.sock")
	tmux := func(args ...string) ([]byte, error) {
		return exec.Command("tmux", append([]string{"-S", sock, "-f", "/dev/null"}, args...)...).CombinedOutput()
	}
	// Draw a region of 40×12 cells at column 10, row 4, leaving a marker outside it.
	var out bytes.Buffer
	out.WriteString("\x1b[2J\x1b[1;1Hmarker")
	s, err := New(Config{Out: &syncWriter{b: &out}, Region: Rect{X: 10, Y: 4, W: 40, H: 12}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Show(bandFrame(render.BT709, 1280, 720, red, blue)); err != nil {
		t.Fatal(err)
	}
	waitDrawn(t, s, 1)
	s.Close()
	// A last mark on the bottom row: tmux shows it only once it has taken
	// everything before it, so a capture with it has the whole frame.
	out.WriteString("\x1b[20;1Hthe end")
	script := filepath.Join(dir, "frame.bin")
	if err := os.WriteFile(script, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := tmux("new-session", "-d", "-x", "60", "-y", "20", "sh", "-c", fmt.Sprintf("cat %s; sleep 30", script)); err != nil {
		t.Fatalf("tmux new-session: %v: %s", err, b)
	}
	defer tmux("kill-server")
	var capture []byte
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		capture, err = tmux("capture-pane", "-p", "-e", "-t", "0")
		if err == nil && bytes.Contains(capture, []byte("the end")) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("capture-pane: %v\n%q", err, capture)
		}
	}
	sc := newScreen(60, 20)
	if err := sc.feed(capture); err != nil {
		t.Fatalf("parsing capture-pane output: %v\n%q", err, capture)
	}
	at := Fit(Rect{X: 10, Y: 4, W: 40, H: 12}, 1280, 720, DefaultCellAspect)
	t.Logf("picture at %+v", at)
	if string([]rune{sc.at(0, 0).ch, sc.at(5, 0).ch}) != "mr" {
		t.Errorf("the marker outside the region was overwritten")
	}
	for y := range 20 {
		for x := range 60 {
			c := sc.at(x, y)
			in := x >= at.X && x < at.X+at.W && y >= at.Y && y < at.Y+at.H
			if !in {
				if c.ch == '▀' {
					t.Fatalf("half block outside the picture at %d,%d", x, y)
				}
				continue
			}
			top := (y-at.Y)*2 < at.H
			want := pack(blue)
			if top {
				want = pack(red)
			}
			if c.ch != '▀' || !near(c.fg, want, 3) {
				t.Fatalf("cell %d,%d = %q fg %06x, want ▀ fg %06x", x, y, c.ch, c.fg, want)
			}
		}
	}
}

// syncWriter writes to a buffer the test reads only after Close.
type syncWriter struct{ b *bytes.Buffer }

func (w *syncWriter) Write(p []byte) (int, error) { return w.b.Write(p) }
