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
)

// tmux runs a tmux command on the test's own server socket.
func tmux(t *testing.T, sock string, args ...string) string {
	t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", sock}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("tmux %v (installed by make deps): %v\n%s", args, err, out)
	}
	return string(out)
}

// videoRequests lists the bitrates of video fragment requests in an access log.
func videoRequests(log []byte) []string {
	var out []string
	for _, m := range regexp.MustCompile(`QualityLevels\((\d+)\)/Fragments\(video=`).FindAllSubmatch(log, -1) {
		out = append(out, string(m[1]))
	}
	return out
}

// TestTUIPinInTmux drives the terminal UI in tmux: pressing 3 marks level 3 pinned on
// screen and, from the next fragment, the origin sees only that level's bitrate; a
// returns to automatic quality and the level climbs again.
func TestTUIPinInTmux(t *testing.T) {
	dir := t.TempDir()
	logPath := filepath.Join(dir, "access.log")
	o := startServe(t, "--access-log", logPath, "../testdata/demo")
	sock := filepath.Join(dir, "tmux.sock")
	cmd := fmt.Sprintf("%s play --video none --audio none --buffer 4s --log %s %s/demo.ism/Manifest; sleep 30",
		smoothie, filepath.Join(dir, "play.log"), o.URL)
	tmux(t, sock, "new-session", "-d", "-s", "tui", "-x", "120", "-y", "36", cmd)
	t.Cleanup(func() { exec.Command("tmux", "-S", sock, "kill-server").Run() })

	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(15 * time.Second); !ok(); time.Sleep(100 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s; screen:\n%s", what, tmux(t, sock, "capture-pane", "-p", "-t", "tui"))
			}
		}
	}
	waitFor("the panel never showed playing", func() bool {
		return strings.Contains(tmux(t, sock, "capture-pane", "-p", "-t", "tui"), "playing")
	})
	time.Sleep(2 * time.Second)
	tmux(t, sock, "send-keys", "-t", "tui", "3")
	logb, _ := os.ReadFile(logPath)
	before := len(videoRequests(logb))
	waitFor("no pinned marker on level 3", func() bool {
		return regexp.MustCompile(`(?m)^. 3 .*pinned`).MatchString(tmux(t, sock, "capture-pane", "-p", "-t", "tui"))
	})
	time.Sleep(5 * time.Second)
	logb, _ = os.ReadFile(logPath)
	after := videoRequests(logb)[before:]
	// The fragment in flight when the key was pressed may be of another level.
	if len(after) < 2 {
		t.Fatalf("only %d video requests in 5 s after the pin", len(after))
	}
	for _, br := range after[1:] {
		if br != "1000000" {
			t.Errorf("after pinning level 3 (1 Mbit/s) the origin saw %v", after)
			break
		}
	}
	tmux(t, sock, "send-keys", "-t", "tui", "a")
	waitFor("auto did not return", func() bool {
		logb, _ := os.ReadFile(logPath)
		reqs := videoRequests(logb)
		return reqs[len(reqs)-1] != "1000000"
	})
	tmux(t, sock, "send-keys", "-t", "tui", "q")
}

// TestTUITerminalVideoInTmux: with --video terminal the video (half blocks) fills
// the rows above a compact panel; v hides the panel and the video takes its rows,
// leaving one status line, also while paused.
func TestTUITerminalVideoInTmux(t *testing.T) {
	dir := t.TempDir()
	o := startServe(t, "../testdata/demo")
	sock := filepath.Join(dir, "tmux.sock")
	cmd := fmt.Sprintf("%s play --video terminal --audio none --buffer 4s --log %s %s/demo.ism/Manifest; sleep 30",
		smoothie, filepath.Join(dir, "play.log"), o.URL)
	const w, h = 100, 36
	tmux(t, sock, "new-session", "-d", "-s", "tui", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), cmd)
	t.Cleanup(func() { exec.Command("tmux", "-S", sock, "kill-server").Run() })
	screen := func() []string {
		return strings.Split(strings.TrimRight(tmux(t, sock, "capture-pane", "-p", "-t", "tui"), "\n"), "\n")
	}
	// video rows: those holding half blocks
	videoRows := func(lines []string) (first, last int) {
		first, last = -1, -1
		for i, l := range lines {
			if strings.Contains(l, "▀") {
				if first < 0 {
					first = i
				}
				last = i
			}
		}
		return first, last
	}
	waitFor := func(what string, ok func([]string) bool) {
		t.Helper()
		var lines []string
		for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			if lines = screen(); ok(lines) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s; screen:\n%s", what, strings.Join(lines, "\n"))
			}
		}
	}
	panelTop := h - 7 // the rule over the compact panel
	waitFor("no video above a compact panel", func(lines []string) bool {
		_, last := videoRows(lines)
		return last >= 0 && last < panelTop && len(lines) > panelTop+2 &&
			strings.HasPrefix(lines[panelTop], "── smoothie ") && strings.Contains(lines[panelTop+1], "playing") &&
			strings.HasPrefix(lines[panelTop+2], "Video 1 ")
	})
	// Paused, so that no new frame comes: the rows the panel gives up still get the
	// picture (the last frame is drawn again to fit them).
	tmux(t, sock, "send-keys", "-t", "tui", "Space")
	waitFor("space did not pause", func(lines []string) bool {
		return len(lines) > panelTop+1 && strings.Contains(lines[panelTop+1], "paused")
	})
	tmux(t, sock, "send-keys", "-t", "tui", "v")
	waitFor("v did not give the panel's rows to the video", func(lines []string) bool {
		_, last := videoRows(lines)
		return last >= panelTop && !strings.Contains(strings.Join(lines, "\n"), "───") &&
			strings.Contains(lines[len(lines)-1], "v panel")
	})
	tmux(t, sock, "send-keys", "-t", "tui", "v")
	waitFor("v again did not bring the panel back", func(lines []string) bool {
		return len(lines) > panelTop+2 && strings.HasPrefix(lines[panelTop+2], "Video 1 ")
	})
	tmux(t, sock, "send-keys", "-t", "tui", "q")
}
