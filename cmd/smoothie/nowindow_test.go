package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlayWithoutDisplay: a window that cannot open is said at once, with the
// reason: --video window fails (exit 2), auto video plays without it and says so.
// (It used to look like a window the user closed: exit 0 after 0 s of playback.)
func TestPlayWithoutDisplay(t *testing.T) {
	bin := t.TempDir()
	if b, err := exec.Command("go", "build", "-o", filepath.Join(bin, "smoothie-window"), "github.com/smoothie-player/smoothie/cmd/smoothie-window").CombinedOutput(); err != nil {
		t.Fatalf("building smoothie-window: %v\n%s", err, b)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	demo := "../../testdata/demo/demo.ism"
	for _, c := range []struct {
		display string
		args    []string
		code    int
		stderr  string
	}{
		{"", []string{"--video", "window"}, exitUsage, "--video window: no display (DISPLAY is not set)"},
		{":987", []string{"--video", "window"}, exitUsage, "--video window: glfw: X11: Failed to open display :987"},
		{":987", []string{"--video", "auto"}, exitOK, "no window (glfw: X11: Failed to open display :987"},
	} {
		t.Setenv("DISPLAY", c.display)
		var out, errb bytes.Buffer
		code := runPlay(append(c.args, "--audio", "none", "--for", "1s", demo), &out, &errb)
		if code != c.code || !strings.Contains(errb.String(), c.stderr) || strings.Count(strings.TrimSpace(errb.String()), "\n") > 0 {
			t.Errorf("DISPLAY=%q %q: exit %d, stderr %q; want exit %d and %q", c.display, c.args, code, errb.String(), c.code, c.stderr)
		}
		if c.code == exitOK && (!strings.Contains(errb.String(), "video: none") || !strings.Contains(out.String(), "played 1.0")) {
			t.Errorf("DISPLAY=%q %q: stdout %q, stderr %q; want 1 s played without video", c.display, c.args, out.String(), errb.String())
		}
	}
}
