package xvfbtest

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestStartTwice: two servers at once get two displays, both answer X clients, and
// each leaves no lock file behind when its test ends.
func TestStartTwice(t *testing.T) {
	var displays []string
	t.Run("servers", func(t *testing.T) {
		a, b := Start(t), Start(t)
		if a == b {
			t.Fatalf("two servers on one display %s", a)
		}
		for _, d := range []string{a, b} {
			if out, err := exec.Command("xdpyinfo", "-display", d).CombinedOutput(); err != nil || !strings.Contains(string(out), "1280x720") {
				t.Fatalf("xdpyinfo -display %s: %v %.200s", d, err, out)
			}
		}
		displays = append(displays, a, b)
	})
	for _, d := range displays {
		if _, err := os.Stat("/tmp/.X" + strings.TrimPrefix(d, ":") + "-lock"); err == nil {
			t.Errorf("display %s left its lock file behind", d)
		}
	}
}
