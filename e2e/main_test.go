// Package e2e holds end-to-end tests: the real smoothie binary against real peers
// (nginx, GStreamer, FFmpeg) on loopback. Each test starts the processes it needs and
// stops them. `make test` runs this package serially (-p 1).
package e2e

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/internal/syncbuf"
)

// smoothie is the binary under test, built once by TestMain.
var smoothie string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "smoothie-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	smoothie = filepath.Join(dir, "smoothie")
	// smoothie-window beside smoothie, where `smoothie play` looks for its window helper.
	for _, b := range [][2]string{{smoothie, "../cmd/smoothie"}, {filepath.Join(dir, "smoothie-window"), "../cmd/smoothie-window"}} {
		build := exec.Command("go", "build", "-o", b[0], b[1])
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "building", b[1]+":", err)
			os.Exit(1)
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// origin is a running `smoothie serve`.
type origin struct {
	URL    string
	Stderr *syncbuf.Buffer
	pid    int
}

// startServe runs `smoothie serve --addr 127.0.0.1:0 ARGS...`, waits for its
// "listening on" line and stops it with SIGTERM when the test ends.
func startServe(t testing.TB, args ...string) *origin {
	t.Helper()
	cmd := exec.Command(smoothie, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	o := &origin{Stderr: &syncbuf.Buffer{}}
	cmd.Stderr = o.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	o.pid = cmd.Process.Pid
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("smoothie serve exited with %v; stderr:\n%s", err, o.Stderr.String())
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Errorf("smoothie serve did not stop on SIGTERM")
		}
	})
	line := make(chan string, 1)
	go func() {
		r := bufio.NewReader(stdout)
		l, _ := r.ReadString('\n')
		line <- l
		io.Copy(io.Discard, r)
	}()
	select {
	case l := <-line:
		u, ok := strings.CutPrefix(strings.TrimSpace(l), "listening on ")
		if !ok {
			t.Fatalf("first line %q; stderr:\n%s", l, o.Stderr.String())
		}
		o.URL = strings.TrimSuffix(u, "/")
	case <-time.After(30 * time.Second):
		t.Fatalf("smoothie serve did not start; stderr:\n%s", o.Stderr.String())
	}
	return o
}

// freePort returns a loopback port nobody listens on right now.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// waitPort waits until something accepts connections on addr.
func waitPort(t testing.TB, addr string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("nothing listens on %s after %v", addr, within)
}
