package origin

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

// TestCORS: the read side opens to the configured origins, the write side (ingest,
// /log) only to origins named explicitly; preflights are answered without a 405.
func TestCORS(t *testing.T) {
	const named = "http://player.test:3000"
	manifest := "/bbb/bbb.ism/Manifest"
	fragment := "/bbb/bbb.ism/QualityLevels(128000)/Fragments(audio=20053333)"
	missing := "/bbb/bbb.ism/QualityLevels(128000)/Fragments(audio=12345)"
	static := "/bbb/README"
	ingest := "/push.isml/Streams(video)"
	cases := []struct {
		name, cors, method, path, origin string
		preflight                        bool
		status                           int
		allow                            string // Access-Control-Allow-Origin, "" none
		methods                          string // Access-Control-Allow-Methods on a preflight
		vary                             bool
	}{
		{"default manifest", "", "GET", manifest, named, false, 200, "*", "", false},
		{"star manifest", "*", "GET", manifest, "http://x.test", false, 200, "*", "", false},
		{"default fragment", "", "GET", fragment, named, false, 200, "*", "", false},
		{"default HEAD fragment", "", "HEAD", fragment, named, false, 200, "*", "", false},
		{"default static", "", "GET", static, named, false, 200, "*", "", false},
		{"default error readable", "", "GET", missing, named, false, 404, "*", "", false},
		{"default preflight manifest", "", "OPTIONS", manifest, named, true, 204, "*", "GET, HEAD, OPTIONS", false},
		{"default preflight fragment", "", "OPTIONS", fragment, named, true, 204, "*", "GET, HEAD, OPTIONS", false},
		{"default plain OPTIONS", "", "OPTIONS", manifest, "", false, 204, "*", "", false},
		{"default log closed", "", "POST", "/log", named, false, 204, "", "", false},
		{"default log preflight closed", "", "OPTIONS", "/log", named, true, 204, "", "", false},
		{"default ingest preflight closed", "", "OPTIONS", ingest, named, true, 204, "", "", false},
		{"off manifest", "off", "GET", manifest, named, false, 200, "", "", false},
		{"off preflight", "off", "OPTIONS", manifest, named, true, 204, "", "", false},
		{"named manifest", named, "GET", manifest, named, false, 200, named, "", true},
		{"named other origin", named, "GET", manifest, "http://evil.test", false, 200, "", "", true},
		{"named log", named, "POST", "/log", named, false, 204, named, "", true},
		{"named log preflight", named, "OPTIONS", "/log", named, true, 204, named, "POST, OPTIONS", true},
		{"named ingest preflight", named, "OPTIONS", ingest, named, true, 204, named, "POST, OPTIONS", true},
		{"named list", "http://a.test, " + named, "GET", manifest, named, false, 200, named, "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var logBuf bytes.Buffer
			_, hs := startOrigin(t, "testdata", Config{CORS: c.cors, PlayerLog: &logBuf, Ingest: true, Archive: t.TempDir()})
			var body *strings.Reader
			if c.method == "POST" {
				body = strings.NewReader(`{"event":"x"}`)
			} else {
				body = strings.NewReader("")
			}
			req, _ := http.NewRequest(c.method, hs.URL+c.path, body)
			if c.origin != "" {
				req.Header.Set("Origin", c.origin)
			}
			if c.preflight {
				req.Header.Set("Access-Control-Request-Method", "GET")
				req.Header.Set("Access-Control-Request-Headers", "range, x-smoothie-session")
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			h := resp.Header
			if resp.StatusCode != c.status {
				t.Errorf("status %d, want %d", resp.StatusCode, c.status)
			}
			if got := h.Get("Access-Control-Allow-Origin"); got != c.allow {
				t.Errorf("Allow-Origin %q, want %q", got, c.allow)
			}
			if got := h.Get("Access-Control-Allow-Methods"); got != c.methods {
				t.Errorf("Allow-Methods %q, want %q", got, c.methods)
			}
			if c.allow != "" {
				exp := h.Get("Access-Control-Expose-Headers")
				for _, want := range []string{"Content-Length", "Date", SessionHeader} {
					if !strings.Contains(exp, want) {
						t.Errorf("Expose-Headers %q lacks %s", exp, want)
					}
				}
			}
			if c.preflight && c.methods != "" && h.Get("Access-Control-Allow-Headers") != "range, x-smoothie-session" {
				t.Errorf("Allow-Headers %q, want the requested ones", h.Get("Access-Control-Allow-Headers"))
			}
			if got := strings.Contains(strings.Join(h.Values("Vary"), ","), "Origin"); got != c.vary {
				t.Errorf("Vary %q, want Origin: %v", h.Values("Vary"), c.vary)
			}
		})
	}
}

func TestCORSBadSpec(t *testing.T) {
	for _, spec := range []string{"player.test", "ftp://x.test", "http://x.test/page", "http://", "http://a.test,,"} {
		_, err := New(Config{Dir: "testdata", CORS: spec})
		if err == nil || !strings.Contains(err.Error(), "cors origin") {
			t.Errorf("CORS %q: err %v, want a cors origin error", spec, err)
		}
	}
}

// FuzzParseCORS: any --cors value is taken or refused with a cors error, never a
// panic; what is taken opens reading to an origin only when it is * or named.
func FuzzParseCORS(f *testing.F) {
	for _, s := range []string{"", "*", "off", "OFF", "http://a.test:3000", "https://a.test,http://b.test", "a.test", "http://", "http://a/b?c#d", ",", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		p, err := parseCORS(spec)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "cors origin ") {
				t.Fatalf("%q: error %v", spec, err)
			}
			return
		}
		for o := range p.origins {
			if !strings.HasPrefix(o, "http://") && !strings.HasPrefix(o, "https://") {
				t.Fatalf("%q: took origin %q", spec, o)
			}
			if got := p.allowed(o, true); got != o {
				t.Fatalf("%q: named origin %q not allowed to write (%q)", spec, o, got)
			}
		}
		if p.allowed("http://never.named.test", true) != "" {
			t.Fatalf("%q: the write side opens to an origin not named", spec)
		}
	})
}
