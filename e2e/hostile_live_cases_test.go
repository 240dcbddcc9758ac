package e2e

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// liveFault serves `smoothie serve --live` of the demo, with manifest n (1-based)
// rewritten by mutate, given every manifest body served so far, newest last.
func liveFault(mutate func(n int, bodies [][]byte) []byte) func(*testing.T) string {
	return func(t *testing.T) string {
		o := startServe(t, "--live", "../testdata/demo")
		target, _ := url.Parse(o.URL)
		proxy := httputil.NewSingleHostReverseProxy(target)
		var mu sync.Mutex
		var bodies [][]byte
		proxy.ModifyResponse = func(resp *http.Response) error {
			if !strings.HasSuffix(resp.Request.URL.Path, "/Manifest") || resp.StatusCode != http.StatusOK {
				return nil
			}
			b, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				return err
			}
			mu.Lock()
			bodies = append(bodies, b)
			b = mutate(len(bodies), bodies)
			mu.Unlock()
			resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
			resp.Header.Del("Content-Length")
			return nil
		}
		srv := httptest.NewServer(proxy)
		t.Cleanup(srv.CloseClientConnections)
		t.Cleanup(srv.Close)
		return srv.URL + "/demo.isml/Manifest"
	}
}

var cpd = regexp.MustCompile(`CodecPrivateData="[0-9A-F]+"`)

// TestHostileLiveOrigins: a live manifest that goes wrong between refreshes. The
// player keeps what it has and plays on, saying what it refused.
func TestHostileLiveOrigins(t *testing.T) {
	cases := []struct {
		name   string
		start  func(*testing.T) string
		errors bool // the refresh is refused, and the stats count it
	}{
		{"edge goes backwards", liveFault(func(n int, bodies [][]byte) []byte {
			if n >= 3 {
				return bodies[n-3] // two refreshes old
			}
			return bodies[n-1]
		}), false},
		{"timescale changes", liveFault(func(n int, bodies [][]byte) []byte {
			if n >= 2 {
				return bytes.ReplaceAll(bodies[n-1], []byte(`TimeScale="10000000"`), []byte(`TimeScale="90000"`))
			}
			return bodies[n-1]
		}), true},
		{"codec data changes", liveFault(func(n int, bodies [][]byte) []byte {
			b := bodies[n-1]
			if n >= 2 {
				all := cpd.FindAll(b, -1)
				first, last := all[0], all[len(all)-2] // video level 0 gets level 4's
				return bytes.Replace(b, first, last, 1)
			}
			return b
		}), false},
	}
	args := []string{"play", "--headless", "--video", "none", "--audio", "none", "--for", "6s"}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			u := c.start(t)
			r := runBounded(t, 60*time.Second, append(args, u)...)
			last := tail(r.out, 1)
			t.Logf("exit %d, %.1f s, peak %.0f MiB: %s", r.code, r.elapsed.Seconds(), r.rssMiB, last)
			if r.code != 0 || !strings.Contains(last, "played 6.") {
				t.Errorf("exit %d, want it to play on for 6 s:\n%s", r.code, tail(r.out, 6))
			}
			if c.errors && strings.Contains(last, " 0 errors") {
				t.Errorf("the refused refreshes are not counted: %s", last)
			}
			if r.elapsed > 30*time.Second || r.rssMiB > 150 {
				t.Errorf("took %v and %.0f MiB, want under 30 s and 150 MiB", r.elapsed, r.rssMiB)
			}
		})
	}
}
