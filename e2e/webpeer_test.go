package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Web players as peers: dash.js (with its MSS module) and Shaka Player, the npm
// packages pinned in testdata/web/package.json (installed by `make deps`), run in
// Debian's headless Chromium driven over the DevTools protocol (chromedp). The page
// (testdata/web/player.html) is served from a port of its own, so every request to
// the origin is cross-origin, as from a real player's demo page.

// webDir holds the page and the npm packages.
const webDir = "testdata/web"

// peerSnapshot is what testdata/web/peer.js reports (window.snapshot()).
type peerSnapshot struct {
	Player   string    `json:"player"`
	Version  string    `json:"version"`
	Errors   []string  `json:"errors"`
	Log      []string  `json:"log"`
	Heights  []int     `json:"heights"`
	Switches []float64 `json:"switches"`
	Ended    bool      `json:"ended"`
	Playing  bool      `json:"playing"`
	Stalls   int       `json:"stalls"`
	Live     bool      `json:"live"`
	Time     float64   `json:"time"`
	Duration float64   `json:"duration"`
	Decoded  int       `json:"decoded"`
	Dropped  int       `json:"dropped"`
	Latency  float64   `json:"latency"` // the player's own, -1 when it has none
	WallMs   int64     `json:"wallMs"`  // the page's clock when taken
	// Fragments are the video fragments loaded, StallLog the stalls after the first
	// frame (dash.js only; the ABR benchmark's QoE).
	Fragments []struct {
		T       float64 `json:"t"` // seconds since the page loaded
		Start   float64 `json:"start"`
		Bitrate int     `json:"bitrate"`
		Bytes   int64   `json:"bytes"`
	} `json:"fragments"`
	StallLog []struct {
		Pos float64 `json:"pos"`
		Dur float64 `json:"dur"` // seconds; -1 while it lasts
	} `json:"stallLog"`
}

// behind is how far playback is behind the live clock whose media time 0 was at zero.
func (s peerSnapshot) behind(zero time.Time) time.Duration {
	return time.UnixMilli(s.WallMs).Sub(zero) - time.Duration(s.Time*float64(time.Second))
}

// failure is the player's own account of what went wrong, for test messages.
func (s peerSnapshot) failure() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: errors %q", s.Player, s.Version, s.Errors)
	if len(s.Log) > 0 {
		fmt.Fprintf(&b, "; console:\n  %s", strings.Join(s.Log, "\n  "))
	}
	return b.String()
}

// summary is one line for the log and the docs: levels rendered, frames, latency.
func (s peerSnapshot) summary() string {
	live := "" // and ended
	if s.Live {
		live = ", live"
	}
	if s.Ended {
		live += ", ended"
	}
	return fmt.Sprintf("%s %s: heights rendered %v, switches %v, %d frames decoded, %d dropped, at %.2fs of %.2fs, %d stalls%s",
		s.Player, s.Version, s.Heights, s.Switches, s.Decoded, s.Dropped, s.Time, s.Duration, s.Stalls, live)
}

// browser is a headless Chromium and the server of the player page.
type browser struct {
	ctx   context.Context
	pages string
}

// startBrowser starts Chromium (with a profile of its own, no network but loopback
// in use) and the page server; both stop when the test ends.
func startBrowser(t testing.TB) *browser {
	t.Helper()
	if _, err := os.Stat(filepath.Join(webDir, "node_modules", "dashjs", "dist", "dash.all.min.js")); err != nil {
		t.Fatalf("the web players are not installed (make deps runs scripts/web-deps.sh): %v", err)
	}
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("chromium (installed by make deps): %v", err)
	}
	pages := httptest.NewServer(http.FileServer(http.Dir(webDir)))
	t.Cleanup(pages.Close)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.NoSandbox,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 720),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("disable-domain-reliability", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	return &browser{ctx: ctx, pages: pages.URL}
}

// page is one tab playing a manifest with a player.
type page struct {
	t   testing.TB
	ctx context.Context
}

// open loads the player page in a new tab to play manifest with player (dashjs or
// shaka); the tab closes at the end of the test.
func (b *browser) open(t testing.TB, player, manifest string) *page {
	t.Helper()
	return b.openQuery(t, player, manifest, nil)
}

// openQuery is open with more of peer.js's query parameters (buffer=S: dash.js's
// buffer target).
func (b *browser) openQuery(t testing.TB, player, manifest string, more url.Values) *page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
	t.Cleanup(cancel)
	u := b.pages + "/player.html?player=" + player + "&url=" + url.QueryEscape(manifest)
	if len(more) > 0 {
		u += "&" + more.Encode()
	}
	if os.Getenv("SMOOTHIE_WEB_DEBUG") != "" {
		u += "&debug=1" // the players' debug logs in failure messages
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(u)); err != nil {
		t.Fatalf("open %s: %v", u, err)
	}
	return &page{t: t, ctx: ctx}
}

// snapshot reads window.snapshot().
func (p *page) snapshot() peerSnapshot {
	p.t.Helper()
	js, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`window.snapshot ? window.snapshot() : "{}"`))
	if err != nil {
		p.t.Fatalf("reading the page: %v", err)
	}
	var s peerSnapshot
	if err := json.Unmarshal([]byte(js), &s); err != nil {
		p.t.Fatalf("page snapshot %q: %v", js, err)
	}
	return s
}

// waitFor polls the page until done says so, an error shows, or within passes; it
// fails the test with the player's own error.
func (p *page) waitFor(what string, within time.Duration, done func(peerSnapshot) bool) peerSnapshot {
	p.t.Helper()
	deadline := time.Now().Add(within)
	for {
		s := p.snapshot()
		if len(s.Errors) > 0 {
			p.t.Fatalf("waiting for %s: %s", what, s.failure())
		}
		if done(s) {
			return s
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("no %s after %v (%s); %s", what, within, s.summary(), s.failure())
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// screenshot captures the tab.
func (p *page) screenshot() image.Image {
	p.t.Helper()
	buf, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Fatalf("screenshot: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil {
		p.t.Fatalf("screenshot: %v", err)
	}
	return img
}

// checkBars checks the demo's colour bars in screenshots of the playing page (the
// points the window test checks), keeping the last picture when they are not there.
func (p *page) checkBars(t *testing.T, name string) {
	t.Helper()
	img, found, report := barsInShots(3, p.screenshot)
	if found >= 3 {
		return
	}
	keep := filepath.Join(os.TempDir(), "smoothie-"+name+"-shot.png")
	if f, err := os.Create(keep); err == nil {
		png.Encode(f, img)
		f.Close()
	}
	t.Errorf("only %d of 4 colour bars in the page screenshot (%s), kept at %s", found, report, keep)
}
