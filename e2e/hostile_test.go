package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// hostileRun is one run of the smoothie binary against a hostile origin: what it
// printed, how it ended, its peak RSS and its wall time.
type hostileRun struct {
	out     string
	code    int
	rssMiB  float64
	elapsed time.Duration
}

// runBounded runs smoothie with args, killed after limit, and measures it.
func runBounded(t *testing.T, limit time.Duration, args ...string) hostileRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, smoothie, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	hwm := watchHWM(cmd.Process.Pid)
	err := cmd.Wait()
	r := hostileRun{out: out.String(), elapsed: time.Since(t0), rssMiB: float64(hwm()) / 1024}
	if ctx.Err() != nil {
		t.Fatalf("smoothie %s still running after %v; output:\n%s", strings.Join(args, " "), limit, tail(r.out, 20))
	}
	if cmd.ProcessState == nil {
		t.Fatalf("smoothie %s: %v", strings.Join(args, " "), err)
	}
	r.code = cmd.ProcessState.ExitCode()
	return r
}

// watchHWM polls the peak RSS (VmHWM, KiB) of process pid until it exits; the
// returned func stops polling and gives the last figure seen. (The rusage of a
// child is no measure here: Go starts children with CLONE_VM, and Linux counts the
// parent's RSS at exec into the child's ru_maxrss.)
func watchHWM(pid int) func() int64 {
	var mu sync.Mutex
	var kib int64
	done := make(chan struct{})
	stopped := make(chan struct{})
	read := func() {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
		if err != nil {
			return
		}
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
				if n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64); err == nil {
					mu.Lock()
					kib = max(kib, n)
					mu.Unlock()
				}
			}
		}
	}
	go func() {
		defer close(stopped)
		for {
			read()
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() int64 {
		close(done)
		<-stopped
		mu.Lock()
		defer mu.Unlock()
		return kib
	}
}

// tail is the last n lines of s.
func tail(s string, n int) string {
	l := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(l[max(0, len(l)-n):], "\n")
}

// hostileOrigin serves a rewritten demo manifest at /demo.ism/Manifest and proxies
// every other request to a real `smoothie serve` of the demo, so the media plays.
func hostileOrigin(t *testing.T, rewrite func(manifest []byte) []byte) string {
	t.Helper()
	return hostileServer(t, manifestOnly(rewrite))
}

// hostileServer runs the handler build makes from the demo's client manifest and
// a proxy to a real `smoothie serve` of the demo, and returns the URL of
// /demo.ism/Manifest on it.
func hostileServer(t *testing.T, build func(demo []byte, media http.Handler) http.Handler) string {
	t.Helper()
	o := startServe(t, "../testdata/demo")
	resp, err := http.Get(o.URL + "/demo.ism/Manifest")
	if err != nil {
		t.Fatal(err)
	}
	demo, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("demo manifest: %v %s", err, resp.Status)
	}
	target, _ := url.Parse(o.URL)
	srv := httptest.NewServer(build(demo, httputil.NewSingleHostReverseProxy(target)))
	t.Cleanup(srv.CloseClientConnections)
	t.Cleanup(srv.Close)
	return srv.URL + "/demo.ism/Manifest"
}

// TestHostileHugeRepetitiveManifest: a 33 MB manifest whose video timeline goes on
// with 3,000,000 <c d="1"/> lines after the demo's real fragments. Memory must
// track the input, not multiply it (it was ~30× before timelines were resolved as
// they are read): `play --video none` plays the real fragments and `inspect`
// reports the whole timeline, each under 150 MiB of peak RSS, each within a bound
// taken from the same command on the demo's own manifest in this run.
func TestHostileHugeRepetitiveManifest(t *testing.T) {
	const extra = 3_000_000
	huge := hostileOrigin(t, func(m []byte) []byte {
		run := []byte(`<c t="213333" d="20000000" r="10"/>`)
		if !bytes.Contains(m, run) {
			t.Fatalf("the demo manifest no longer has %s", run)
		}
		tail := bytes.Repeat([]byte("\n    <c d=\"1\"/>"), extra)
		return bytes.Replace(m, run, append(append([]byte{}, run...), tail...), 1)
	})
	base := hostileOrigin(t, func(m []byte) []byte { return m })

	play := []string{"play", "--headless", "--video", "none", "--audio", "none", "--for", "4s"}
	floorPlay := runBounded(t, 60*time.Second, append(play, base)...)
	if floorPlay.code != 0 {
		t.Fatalf("the demo itself did not play (exit %d):\n%s", floorPlay.code, tail(floorPlay.out, 10))
	}
	floorInspect := runBounded(t, 60*time.Second, "inspect", base)
	t.Logf("the demo: play %.0f MiB, inspect %.0f MiB peak RSS", floorPlay.rssMiB, floorInspect.rssMiB)
	cases := []struct {
		name  string
		args  []string
		floor time.Duration
		want  string
	}{
		{"play", append(play, huge), floorPlay.elapsed, "played 4."},
		{"inspect", []string{"inspect", huge}, floorInspect.elapsed, fmt.Sprintf("%d fragments", 10+extra)},
	}
	for _, c := range cases {
		// Reading and resolving 33 MB of XML takes a few seconds on a loaded
		// 2-core machine; 60 s more than the demo itself is a hang, not a cost.
		bound := c.floor + 60*time.Second
		r := runBounded(t, bound+10*time.Second, c.args...)
		t.Logf("%s: exit %d, peak RSS %.0f MiB, %.1f s (demo: %.1f s)", c.name, r.code, r.rssMiB, r.elapsed.Seconds(), c.floor.Seconds())
		if r.code != 0 || !strings.Contains(r.out, c.want) {
			t.Errorf("%s on the huge manifest: exit %d, want 0 and %q in:\n%s", c.name, r.code, c.want, tail(r.out, 10))
		}
		if r.rssMiB > 150 {
			t.Errorf("%s on a 33 MB manifest peaked at %.0f MiB RSS, want under 150 MiB", c.name, r.rssMiB)
		}
		if r.elapsed > bound {
			t.Errorf("%s took %v, want under %v (the demo's %v + 60 s)", c.name, r.elapsed, bound, c.floor)
		}
	}
}
