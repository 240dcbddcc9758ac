package e2e

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTUIPinIsOnScreenFast: fast switching through the terminal UI. A 50 s
// presentation (320x180 at 300 kbit/s, 960x540 at 1.6 Mbit/s, 2 s fragments) plays
// with a 30 s buffer on loopback, at the top level with the buffer full; pressing 1
// pins the lowest level, and the frames presented (the player's --present-log, which
// records each frame's width) are of that level within two fragment durations of
// the key press, not after the 30 s already buffered.
func TestTUIPinIsOnScreenFast(t *testing.T) {
	dir := t.TempDir()
	pres := filepath.Join(dir, "pres")
	pack := exec.Command(smoothie, "pack", "--synthetic", "50s", "--ladder", "320x180@300k,960x540@1600k", "--preset", "ultrafast", "--name", "fast", pres)
	if out, err := pack.CombinedOutput(); err != nil {
		t.Fatalf("smoothie pack: %v\n%s", err, out)
	}
	o := startServe(t, "--access-log", "", pres)
	sock, plog := filepath.Join(dir, "tmux.sock"), filepath.Join(dir, "present.log")
	cmd := fmt.Sprintf("%s play --video none --audio none --buffer 30s --present-log %s %s/fast.ism/Manifest; sleep 30",
		smoothie, plog, o.URL)
	tmux(t, sock, "new-session", "-d", "-s", "tui", "-x", "120", "-y", "36", cmd)
	t.Cleanup(func() { exec.Command("tmux", "-S", sock, "kill-server").Run() })
	screen := func() string { return tmux(t, sock, "capture-pane", "-p", "-t", "tui") }
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(screen(), "playing"); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the panel never showed playing; screen:\n%s", screen())
		}
	}
	time.Sleep(6 * time.Second) // the buffer fills, the top level on screen
	pressed := monoNow()
	tmux(t, sock, "send-keys", "-t", "tui", "1")
	time.Sleep(6 * time.Second)
	tmux(t, sock, "send-keys", "-t", "tui", "q")
	// The log is written when the player closes: wait until it stops growing.
	var size int64 = -1
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(300 * time.Millisecond) {
		st, err := os.Stat(plog)
		if err == nil && st.Size() > 0 && st.Size() == size {
			break
		}
		if err == nil {
			size = st.Size()
		}
	}
	frames := presented(t, plog)
	var wideBefore, firstLow time.Duration = 0, -1
	for _, f := range frames {
		at := time.Duration(f[1])
		switch {
		case at < pressed && f[2] == 960:
			wideBefore++
		case at >= pressed && f[2] == 320 && firstLow < 0:
			firstLow = at - pressed
		case at >= pressed && firstLow >= 0 && f[2] != 320:
			t.Fatalf("a %d-wide frame after the pinned level was on screen", f[2])
		}
	}
	t.Logf("%d frames presented, %d at 960 wide before the key; the pinned level on screen %v after it", len(frames), wideBefore, firstLow)
	if wideBefore == 0 {
		t.Fatalf("the top level was never on screen before the key press")
	}
	if firstLow < 0 || firstLow > 4*time.Second {
		t.Errorf("the pinned level on screen %v after the key press; want within two fragments (4 s)", firstLow)
	}
}

// presented reads a --present-log: PTS, CLOCK_MONOTONIC and width per frame.
func presented(t *testing.T, path string) [][3]int64 {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out [][3]int64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var v [3]int64
		if _, err := fmt.Sscanf(sc.Text(), "%d %d %d", &v[0], &v[1], &v[2]); err != nil {
			t.Fatalf("present log line %q: %v", sc.Text(), err)
		}
		out = append(out, v)
	}
	return out
}
