package e2e

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// hostileCase is one way an origin misbehaves and what the player must do: play
// on (the summary line, exit 0) or fail with one clear line naming what went
// wrong (exit 1), within a wall time and a peak RSS.
type hostileCase struct {
	name  string
	build func(demo []byte, media http.Handler) http.Handler
	args  []string // beyond the suite's
	// plays: exit 0 with "played 4."; else exit 1 with want on the last line.
	plays bool
	want  string
	// fewErrors: at most 3 errors counted (a level refused once, not a decoder
	// failing on every packet).
	fewErrors bool
	// within bounds the wall time beyond the demo's own run; rssMiB the peak RSS.
	within time.Duration
	rssMiB float64
}

// manifestOnly serves body as the manifest and the demo's media for the rest.
func manifestOnly(rewrite func(demo []byte) []byte) func([]byte, http.Handler) http.Handler {
	return func(demo []byte, media http.Handler) http.Handler {
		body := rewrite(demo)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, "/Manifest") {
				w.Header().Set("Content-Type", "text/xml")
				w.Write(body)
				return
			}
			media.ServeHTTP(w, r)
		})
	}
}

// insertAfterRoot puts x just inside the SmoothStreamingMedia element.
func insertAfterRoot(demo []byte, x []byte) []byte {
	i := bytes.Index(demo, []byte("<StreamIndex"))
	return append(append(append([]byte{}, demo[:i]...), x...), demo[i:]...)
}

func hostileManifestCases() []hostileCase {
	return []hostileCase{
		{name: "deeply nested XML", build: manifestOnly(func(d []byte) []byte {
			return insertAfterRoot(d, append(bytes.Repeat([]byte("<x>"), 1_000_000), bytes.Repeat([]byte("</x>"), 1_000_000)...))
		}), want: "elements nested deeper than 256", within: 10 * time.Second, rssMiB: 200},
		{name: "very wide XML", build: manifestOnly(func(d []byte) []byte {
			var b bytes.Buffer
			b.WriteString("<Vendor")
			for i := range 300_000 {
				fmt.Fprintf(&b, " a%d=\"%d\"", i, i)
			}
			b.WriteString("/>")
			return insertAfterRoot(d, b.Bytes())
		}), plays: true, within: 20 * time.Second, rssMiB: 200},
		{name: "10 MB attribute", build: manifestOnly(func(d []byte) []byte {
			return insertAfterRoot(d, []byte(`<Vendor data="`+strings.Repeat("A", 10<<20)+`"/>`))
		}), plays: true, within: 20 * time.Second, rssMiB: 200},
		{name: "10 MB CodecPrivateData", build: manifestOnly(func(d []byte) []byte {
			return bytes.Replace(d, []byte(`CodecPrivateData="1190"`), []byte(`CodecPrivateData="`+strings.Repeat("11", 5<<20)+`"`), 1)
		}), plays: true, fewErrors: true, within: 20 * time.Second, rssMiB: 200},
		{name: "endless chunked manifest", build: func(demo []byte, media http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Write(demo[:bytes.Index(demo, []byte("<StreamIndex"))])
				chunk := bytes.Repeat([]byte("<!-- endless -->\n"), 4096)
				for r.Context().Err() == nil {
					if _, err := w.Write(chunk); err != nil {
						return
					}
				}
			})
		}, args: []string{"--manifest-timeout", "60s"}, want: "more than 64 MiB", within: 30 * time.Second, rssMiB: 200},
		{name: "HTML error page with 200", build: manifestOnly(func([]byte) []byte {
			return []byte("<!DOCTYPE html>\n<html><head><title>Error</title></head><body>upstream timeout</body></html>")
		}), want: "answered with an HTML page", within: 10 * time.Second, rssMiB: 200},
		{name: "manifest trickled at 1 byte/s", build: func(demo []byte, media http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Length", fmt.Sprint(len(demo)))
				for i := range demo {
					if _, err := w.Write(demo[i : i+1]); err != nil {
						return
					}
					w.(http.Flusher).Flush()
					select {
					case <-r.Context().Done():
						return
					case <-time.After(time.Second):
					}
				}
			})
		}, want: "not received whole within 3s", within: 30 * time.Second, rssMiB: 200},
		{name: "never answers", build: func(demo []byte, media http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
		}, want: "no response within 2s", within: 30 * time.Second, rssMiB: 200},
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// TestHostileOrigins runs every hostile case against `smoothie play`.
func TestHostileOrigins(t *testing.T) {
	base := hostileOrigin(t, func(m []byte) []byte { return m })
	args := []string{"play", "--headless", "--video", "none", "--audio", "none", "--for", "4s", "--manifest-timeout", "3s", "--first-byte-timeout", "2s"}
	floor := runBounded(t, 60*time.Second, append(args, base)...)
	if floor.code != 0 {
		t.Fatalf("the demo itself did not play (exit %d):\n%s", floor.code, tail(floor.out, 10))
	}
	for _, c := range slices.Concat(hostileManifestCases(), hostileFragmentCases(), hostileRedirectCases()) {
		t.Run(c.name, func(t *testing.T) {
			u := hostileServer(t, c.build)
			bound := floor.elapsed + c.within
			r := runBounded(t, bound+30*time.Second, slices.Concat(args, c.args, []string{u})...)
			last := tail(r.out, 1)
			t.Logf("exit %d, %.1f s, peak %.0f MiB: %s", r.code, r.elapsed.Seconds(), r.rssMiB, last)
			if c.plays {
				if r.code != 0 || !strings.Contains(r.out, "played 4.") {
					t.Errorf("exit %d, want it to play 4 s:\n%s", r.code, tail(r.out, 6))
				}
			} else if r.code != 1 || !strings.Contains(last, c.want) || !strings.HasPrefix(last, "smoothie play: ") {
				t.Errorf("exit %d, last line %q: want exit 1 and one line with %q", r.code, last, c.want)
			}
			if m := regexp.MustCompile(`(\d+) errors`).FindStringSubmatch(last); c.fewErrors && (m == nil || atoi(m[1]) > 3) {
				t.Errorf("want at most 3 errors: %s", last)
			}
			if r.elapsed > bound {
				t.Errorf("took %v, want under %v (the demo's %v + %v)", r.elapsed, bound, floor.elapsed, c.within)
			}
			if r.rssMiB > c.rssMiB {
				t.Errorf("peak RSS %.0f MiB, want under %.0f MiB", r.rssMiB, c.rssMiB)
			}
		})
	}
}
