package e2e

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/Eyevinn/mp4ff/mp4"
)

// secondVideo matches the demo's second video fragment, at every level.
func secondVideo(r *http.Request) bool {
	return strings.Contains(r.URL.Path, "Fragments(video=20213333)")
}

// fragmentFault serves the demo, except that fragments match picks are answered
// by serve, given the real response's body.
func fragmentFault(match func(*http.Request) bool, serve func(w http.ResponseWriter, body []byte)) func([]byte, http.Handler) http.Handler {
	return func(demo []byte, media http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !match(r) {
				media.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			media.ServeHTTP(rec, r)
			serve(w, rec.Body.Bytes())
		})
	}
}

// patchBox rewrites the 32-bit field at off bytes into the first box of type typ.
func patchBox(b []byte, typ string, off int, v uint32) []byte {
	out := append([]byte{}, b...)
	if i := bytes.Index(out, []byte(typ)); i >= 4 && i+4+off+4 <= len(out) {
		binary.BigEndian.PutUint32(out[i+4+off:], v)
	}
	return out
}

// withSampleSize rewrites a fragment (with mp4ff) so that its first sample claims
// size bytes: the sizes then sum past the mdat.
func withSampleSize(b []byte, size uint32) []byte {
	f, err := mp4.DecodeFile(bytes.NewReader(b))
	if err != nil || len(f.Segments) == 0 || len(f.Segments[0].Fragments) == 0 {
		return b
	}
	trun := f.Segments[0].Fragments[0].Moof.Traf.Trun
	if len(trun.Samples) == 0 {
		return b
	}
	trun.Samples[0].Size = size
	var out bytes.Buffer
	if err := f.Encode(&out); err != nil {
		return b
	}
	return out.Bytes()
}

func hostileFragmentCases() []hostileCase {
	write := func(w http.ResponseWriter, b []byte) { w.Write(b) }
	return []hostileCase{
		{name: "trun counts 2^32-1 samples", build: fragmentFault(secondVideo, func(w http.ResponseWriter, b []byte) {
			write(w, patchBox(b, "trun", 4, 0xFFFFFFFF)) // after version and flags
		}), plays: true, within: 20 * time.Second, rssMiB: 150},
		{name: "trun data offset past mdat", build: fragmentFault(secondVideo, func(w http.ResponseWriter, b []byte) {
			write(w, patchBox(b, "trun", 8, 0x7FFFFFF0))
		}), plays: true, within: 20 * time.Second, rssMiB: 150},
		{name: "sample sizes past the body", build: fragmentFault(secondVideo, func(w http.ResponseWriter, b []byte) {
			write(w, withSampleSize(b, 1<<31))
		}), plays: true, within: 20 * time.Second, rssMiB: 150},
		{name: "moof size past the body", build: fragmentFault(secondVideo, func(w http.ResponseWriter, b []byte) {
			write(w, patchBox(b, "moof", -8, 0x7FFFFFF0))
		}), plays: true, within: 20 * time.Second, rssMiB: 150},
		{name: "response ends mid-box", build: fragmentFault(secondVideo, func(w http.ResponseWriter, b []byte) {
			w.Header().Set("Content-Length", fmt.Sprint(len(b)))
			w.Write(b[:len(b)/2])
			panic(http.ErrAbortHandler) // cut the connection
		}), plays: true, within: 20 * time.Second, rssMiB: 150},
		{name: "Content-Length short of the body", build: fragmentFault(secondVideo, func(w http.ResponseWriter, b []byte) {
			w.Header().Set("Content-Length", fmt.Sprint(len(b)/2))
			w.Write(b[:len(b)/2])
		}), plays: true, within: 20 * time.Second, rssMiB: 150},
		{name: "416 without Range", build: fragmentFault(secondVideo, func(w http.ResponseWriter, b []byte) {
			w.WriteHeader(http.StatusRequestedRangeNotSatisfiable)
		}), plays: true, within: 20 * time.Second, rssMiB: 150},
		{name: "206 without Range", build: fragmentFault(secondVideo, func(w http.ResponseWriter, b []byte) {
			w.Header().Set("Content-Range", fmt.Sprintf("bytes 0-%d/%d", len(b)-1, len(b)))
			w.WriteHeader(http.StatusPartialContent)
			w.Write(b)
		}), plays: true, within: 20 * time.Second, rssMiB: 150},
		{name: "1 MB of headers", build: fragmentFault(secondVideo, func(w http.ResponseWriter, b []byte) {
			for i := range 1000 {
				w.Header().Set(fmt.Sprintf("X-Pad-%d", i), strings.Repeat("p", 1000))
			}
			w.Write(b)
		}), plays: true, within: 20 * time.Second, rssMiB: 150},
		// The answer comes after 3 s, every time: the first attempt (2 s on a
		// small buffer) gives up, the second waits twice as long and gets it.
		{name: "headers trickled", build: func(demo []byte, media http.Handler) http.Handler {
			return fragmentFault(secondVideo, func(w http.ResponseWriter, b []byte) {
				time.Sleep(3 * time.Second) // past the first wait, then the answer
				w.Write(b)
			})(demo, media)
		}, args: []string{"--first-byte-timeout", "10s"}, plays: true, fewErrors: true, within: 8 * time.Second, rssMiB: 150},
	}
}

// hostileRedirectCases: redirects to another host are followed (CDNs do this) and
// the media is then fetched from there; a redirect to another scheme is refused.
func hostileRedirectCases() []hostileCase {
	return []hostileCase{
		{name: "manifest redirected to another host", build: func(demo []byte, media http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if p, ok := strings.CutPrefix(r.URL.Path, "/cdn"); ok {
					if !strings.HasPrefix(r.Host, "localhost:") {
						http.Error(w, "the media must come from the host redirected to", http.StatusForbidden)
						return
					}
					r.URL.Path = p
					media.ServeHTTP(w, r)
					return
				}
				_, port, _ := strings.Cut(r.Host, ":")
				http.Redirect(w, r, "http://localhost:"+port+"/cdn"+r.URL.Path, http.StatusFound)
			})
		}, plays: true, within: 20 * time.Second, rssMiB: 150},
		{name: "manifest redirected to file://", build: func(demo []byte, media http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
			})
		}, want: "redirected to file:///etc/passwd: only http and https redirects are followed", within: 5 * time.Second, rssMiB: 150},
	}
}
