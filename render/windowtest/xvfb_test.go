package windowtest

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"
)

// startXvfb starts an X server on a free display number with a 1280×720 screen and
// stops it when the test ends; it fails the test when Xvfb is not installed.
func startXvfb(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("Xvfb")
	if err != nil {
		t.Fatalf("Xvfb not installed (Debian: xvfb): %v", err)
	}
	for n := 90 + os.Getpid()%50; n < 300; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
			continue
		}
		disp := fmt.Sprintf(":%d", n)
		cmd := exec.Command(bin, disp, "-screen", "0", "1280x720x24", "-nolisten", "tcp", "-noreset")
		if err := cmd.Start(); err != nil {
			t.Fatalf("starting Xvfb: %v", err)
		}
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		sock := fmt.Sprintf("/tmp/.X11-unix/X%d", n)
		deadline := time.Now().Add(10 * time.Second)
		for {
			select {
			case <-done:
				// Lost a race for this display number: try the next.
			default:
				if _, err := os.Stat(sock); err == nil {
					t.Cleanup(func() {
						cmd.Process.Kill()
						<-done
					})
					return disp
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatalf("Xvfb %s did not come up", disp)
				}
				time.Sleep(20 * time.Millisecond)
				continue
			}
			break
		}
	}
	t.Fatal("no free X display number")
	return ""
}
