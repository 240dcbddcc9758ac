package player_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/player"
)

// TestManifestFailures: the manifest is parsed as it arrives, and what went wrong
// decides whether it is fetched again: a transfer that fails (a 503, a body cut
// short of its Content-Length) is retried; a document that arrived whole but is
// not a manifest (an HTML page, broken XML) is not, and says what it was.
func TestManifestFailures(t *testing.T) {
	t.Parallel()
	const retries = 2
	cases := []struct {
		name     string
		serve    func(w http.ResponseWriter)
		want     string
		requests int32
	}{
		{"html page", func(w http.ResponseWriter) {
			w.Write([]byte("<!DOCTYPE html>\n<html><body>Service unavailable</body></html>"))
		}, "the server answered with an HTML page, not a Smooth Streaming manifest", 1},
		{"broken xml", func(w http.ResponseWriter) {
			w.Write([]byte(`<SmoothStreamingMedia MajorVersion="2" MinorVersion="2" Duration="1"><StreamIndex`))
		}, "malformed XML", 1},
		{"503", func(w http.ResponseWriter) { w.WriteHeader(http.StatusServiceUnavailable) }, "HTTP 503", retries + 1},
		{"cut short", func(w http.ResponseWriter) {
			w.Header().Set("Content-Length", "1000")
			w.Write([]byte(`<SmoothStreamingMedia MajorVersion="2" MinorVersion="2" Duration="1">`))
		}, "unexpected EOF", retries + 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var n atomic.Int32
			hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				c.serve(w)
			}))
			defer hs.Close()
			r := play(t, player.Config{URL: hs.URL + "/x.ism/Manifest", Retries: retries, RetryBase: time.Millisecond}, nil)
			t.Logf("err: %v", r.err)
			if r.err == nil || !strings.Contains(r.err.Error(), c.want) || !strings.HasPrefix(r.err.Error(), "manifest") {
				t.Errorf("err %v, want one starting \"manifest\" with %q", r.err, c.want)
			}
			if got := n.Load(); got != c.requests {
				t.Errorf("%d manifest requests, want %d", got, c.requests)
			}
		})
	}
}

// TestManifestBounds: a manifest has bounds of its own. A server that accepts and
// never answers is given up once another attempt could not get its first byte
// within the give-up time; a body trickled a byte at a time (each byte restarting
// the stall timer) is given up at the manifest timeout.
func TestManifestBounds(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		handler func(w http.ResponseWriter, r *http.Request)
		cfg     player.Config
		want    string
		within  time.Duration
	}{
		{"never answers", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
			player.Config{FirstByteTimeout: 300 * time.Millisecond, ManifestGiveUp: time.Second, Retries: 10, RetryBase: time.Millisecond},
			"no response within 300ms (the first-byte timeout)", time.Second},
		{"trickles", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "100000")
			for {
				if _, err := w.Write([]byte("<")); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		}, player.Config{ManifestTimeout: 500 * time.Millisecond, Retries: 1, RetryBase: time.Millisecond},
			"not received whole within 500ms", 2 * time.Second},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			hs := httptest.NewServer(http.HandlerFunc(c.handler))
			defer hs.Close()
			defer hs.CloseClientConnections()
			cfg := c.cfg
			cfg.URL = hs.URL + "/x.ism/Manifest"
			r := play(t, cfg, nil)
			t.Logf("err after %v: %v", r.took, r.err)
			if r.err == nil || !strings.Contains(r.err.Error(), c.want) {
				t.Errorf("err %v, want %q", r.err, c.want)
			}
			// The floor is the bound itself; the margin is for a loaded machine.
			if r.took > c.within+2*time.Second {
				t.Errorf("failed after %v, want about %v", r.took, c.within)
			}
		})
	}
}

// TestStatsSayWhileTheOriginIsSilent: while the manifest request gets nothing, the
// session's stats say for how long (what the views show as "waiting for the origin").
func TestStatsSayWhileTheOriginIsSilent(t *testing.T) {
	t.Parallel()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer hs.Close()
	defer hs.CloseClientConnections()
	var seen time.Duration
	r := play(t, player.Config{URL: hs.URL + "/x.ism/Manifest", FirstByteTimeout: 3 * time.Second, ManifestGiveUp: 4 * time.Second}, func(s *player.Session) {
		for deadline := time.Now().Add(2500 * time.Millisecond); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			seen = max(seen, s.Stats().WaitingForOrigin)
		}
	})
	if seen < time.Second {
		t.Errorf("the stats said waiting %v in 2.5 s of silence, want a second or more", seen)
	}
	if r.err == nil {
		t.Errorf("no error from an origin that never answered")
	}
	if w := r.stats.WaitingForOrigin; w != 0 {
		t.Errorf("after the session: waiting %v, want 0 (nothing open)", w)
	}
}
