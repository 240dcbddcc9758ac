package player_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/origin"
	"github.com/smoothie-player/smoothie/player"
)

// TestRequestsCarryHeaders: the manifest is reached through a redirect, fragments
// resolve against the final URL, and every request carries the session id, the
// configured headers and user agent, and CMCD on fragments.
func TestRequestsCarryHeaders(t *testing.T) {
	t.Parallel()
	_, o := serve(t, origin.Config{})
	var mu sync.Mutex
	var bad []string
	fragments := 0
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old/Manifest" {
			http.Redirect(w, r, "/clip.ism/Manifest", http.StatusFound)
			return
		}
		mu.Lock()
		h := r.Header
		if h.Get(origin.SessionHeader) != "sess-1" || h.Get("X-Token") != "abc" || h.Get("User-Agent") != "smoothie-test/1" {
			bad = append(bad, r.URL.Path)
		}
		if strings.Contains(r.URL.Path, "Fragments(") {
			fragments++
			if !strings.Contains(h.Get("CMCD-Session"), `sid="sess-1"`) || !strings.Contains(h.Get("CMCD-Object"), "br=") {
				bad = append(bad, "CMCD "+r.URL.Path)
			}
		}
		mu.Unlock()
		o.ServeHTTP(w, r)
	}))
	defer hs.Close()
	r := play(t, player.Config{URL: hs.URL + "/old/Manifest", SessionID: "sess-1", UserAgent: "smoothie-test/1",
		Header: http.Header{"X-Token": {"abc"}}, CMCD: true, PlayFor: time.Second}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	mu.Lock()
	defer mu.Unlock()
	if r.stats.Errors != 0 || r.stats.FramesDecoded == 0 {
		t.Errorf("%d errors (%s), %d frames: fragment URLs not resolved against the redirected manifest URL?", r.stats.Errors, r.stats.LastError, r.stats.FramesDecoded)
	}
	if len(bad) > 0 || fragments == 0 {
		t.Errorf("%d fragment requests; requests without the expected headers: %v", fragments, bad)
	}
}
