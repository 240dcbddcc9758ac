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
