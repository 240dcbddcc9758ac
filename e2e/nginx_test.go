package e2e

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/internal/syncbuf"
	"github.com/smoothie-player/smoothie/smooth"
)

// startNginx runs nginx (installed by `make deps`) with origin/nginx.conf.example
// pointed at upstream, listening on a free port; it returns the proxy's base URL.
func startNginx(t testing.TB, upstream string) string {
	t.Helper()
	conf, err := os.ReadFile("../origin/nginx.conf.example")
	if err != nil {
		t.Fatal(err)
	}
	prefix := t.TempDir()
	port := freePort(t)
	c := strings.Replace(string(conf), "server 127.0.0.1:8080;", "server "+strings.TrimPrefix(upstream, "http://")+";", 1)
	c = strings.Replace(c, "listen 127.0.0.1:8081;", fmt.Sprintf("listen 127.0.0.1:%d;", port), 1)
	if os.Geteuid() == 0 {
		c = "user root;\n" + c // workers must read the cache directory the test made
	}
	if c == string(conf) {
		t.Fatal("nginx.conf.example no longer has the lines this test rewrites")
	}
	path := filepath.Join(prefix, "nginx.conf")
	if err := os.WriteFile(path, []byte(c), 0o644); err != nil {
		t.Fatal(err)
	}
	runNginx(t, prefix, path)
	waitPort(t, fmt.Sprintf("127.0.0.1:%d", port), 10*time.Second)
	return fmt.Sprintf("http://127.0.0.1:%d", port)
}

// TestNginxCache fetches a presentation through nginx twice; the origin's access log
// shows every fragment reached it once, the second pass coming from nginx's cache.
func TestNginxCache(t *testing.T) {
	dir := t.TempDir()
	logPath := filepath.Join(dir, "access.log")
	o := startServe(t, "--access-log", logPath, "../origin/testdata")
	proxy := startNginx(t, o.URL)
	manifestURL := proxy + "/bbb/bbb.ism/Manifest"

	fetch := func(u string) (*http.Response, []byte) {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %s", u, resp.Status)
		}
		return resp, b
	}
	_, body := fetch(manifestURL)
	m, err := smooth.ParseManifestBytes(body, manifestURL)
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, s := range m.Streams {
		s.Timeline.Each(func(f smooth.Fragment) bool {
			urls = append(urls, proxy+"/bbb/bbb.ism/"+s.FragmentURL(s.Levels[0], f.Start))
			return true
		})
	}
	statuses := map[string]int{}
	for pass := 0; pass < 2; pass++ {
		for _, u := range urls {
			resp, _ := fetch(u)
			statuses[fmt.Sprintf("%d:%s", pass, resp.Header.Get("X-Cache-Status"))]++
		}
	}
	if statuses["1:HIT"] != len(urls) {
		t.Errorf("second pass cache statuses %v, want %d HITs", statuses, len(urls))
	}
	// The origin's log: each fragment requested exactly once.
	var logb []byte
	deadline := time.Now().Add(5 * time.Second)
	fragLine := regexp.MustCompile(` GET /bbb/bbb\.ism/QualityLevels\(\d+\)/Fragments\(`)
	for {
		logb, _ = os.ReadFile(logPath)
		if len(fragLine.FindAllIndex(logb, -1)) >= len(urls) || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if n := len(fragLine.FindAllIndex(logb, -1)); n != len(urls) {
		t.Errorf("origin saw %d fragment requests for %d fragments fetched twice through the cache:\n%s", n, len(urls), logb)
	}
}

// runNginx starts nginx (installed by `make deps`) in the foreground with prefix and
// conf, and stops it when the test ends.
func runNginx(t testing.TB, prefix, conf string) {
	t.Helper()
	cmd := exec.Command("nginx", "-p", prefix, "-c", conf, "-g", "daemon off;")
	out := &syncbuf.Buffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatalf("nginx (installed by make deps): %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGQUIT)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
		}
	})
}
