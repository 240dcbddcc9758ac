package origin

import (
	"bytes"
	"encoding/binary"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/smooth"
)

// postPath pushes body to path as written (no client-side cleaning of ".." or "//").
func postPath(t *testing.T, base, path string, body []byte) (int, string) {
	return rawPath(t, http.MethodPost, base, path, body)
}

// rawPath sends a request for path as written and returns its status and body.
func rawPath(t *testing.T, method, base, path string, body []byte) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, base+"/", bytes.NewReader(body))
	req.URL.Opaque = path
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func readDemoISMV(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../testdata/demo/demo_320x180_300k.ismv")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestIngestBadNames: a publishing point the archive could not hold is refused up front
// with the reason, and nothing is created, served or written.
func TestIngestBadNames(t *testing.T) {
	archive := t.TempDir()
	_, hs := startOrigin(t, t.TempDir(), Config{Ingest: true, Archive: archive})
	media := readDemoISMV(t)
	long := strings.Repeat("n", 250)
	tests := []struct{ path, reason string }{
		{"/.isml/Streams(a)", "empty name"},
		{"/..isml/Streams(a)", "empty name"},
		{"/../z.isml/Streams(a)", `".." segment`},
		{"/a/../../y.isml/Streams(a)", `".." segment`},
		{"/a/%2e%2e/y.isml/Streams(a)", `".." segment`},
		{"/./q.isml/Streams(a)", `"." segment`},
		{"/a//w.isml/Streams(a)", "empty path segment"},
		{"/a%5cb.isml/Streams(a)", "cannot"},
		{"/" + long + ".isml/Streams(a)", "over 255 bytes"},
		{"/" + long[:200] + ".isml/Streams(" + long[:60] + ")", "over 255 bytes"},
		{"/ok.isml/Streams(" + long + ")", "at most 255"},
	}
	for _, tc := range tests {
		code, body := postPath(t, hs.URL, tc.path, media)
		if code != http.StatusBadRequest || !strings.Contains(body, tc.reason) {
			t.Errorf("POST %s: %d %q, want 400 %q", tc.path, code, body, tc.reason)
		}
	}
	for _, p := range []string{"/a/../../y.isml/Manifest", "/y.isml/Manifest", "/z.isml/Manifest", "/ok.isml/Manifest"} {
		if code, _ := rawPath(t, http.MethodGet, hs.URL, p, nil); code == http.StatusOK {
			t.Errorf("GET %s after a refused push: 200", p)
		}
	}
	if ents, _ := os.ReadDir(archive); len(ents) != 0 {
		t.Errorf("refused pushes wrote %d entries into the archive, first %s", len(ents), ents[0].Name())
	}
	// A good name in a subdirectory still works.
	if code, body := postPath(t, hs.URL, "/sub/good.isml/Streams(a)", media); code != http.StatusOK {
		t.Fatalf("good push: %d %q", code, body)
	}
	if _, err := os.Stat(archive + "/sub/good/good.ism"); err != nil {
		t.Errorf("good push not archived: %v", err)
	}
}

// TestIngestEmptyPush: a push that brings no moov is a 400 and changes nothing: no
// publishing point is created, and a finished one is not reset; a real re-push still
// starts it over.
func TestIngestEmptyPush(t *testing.T) {
	_, hs := startOrigin(t, t.TempDir(), Config{Ingest: true, Archive: t.TempDir()})
	media := readDemoISMV(t)
	if code, body := postPath(t, hs.URL, "/x.isml/Streams(a)", media); code != http.StatusOK {
		t.Fatalf("push: %d %q", code, body)
	}
	resp, want := get(t, hs.URL+"/x.isml/Manifest")
	if resp.StatusCode != http.StatusOK || bytes.Contains(want, []byte("IsLive")) {
		t.Fatalf("after the push: %s %q", resp.Status, want)
	}
	// An empty POST is an encoder's initialization (MS-SSTR 3.3.3): 200, and
	// nothing created or changed.
	for _, p := range []string{"/x.isml/Streams(a)", "/new.isml/Streams(a)"} {
		if code, body := postPath(t, hs.URL, p, nil); code != http.StatusOK {
			t.Errorf("initialization POST to %s: %d %q, want 200", p, code, body)
		}
	}
	if resp, got := get(t, hs.URL+"/x.isml/Manifest"); resp.StatusCode != http.StatusOK || !bytes.Equal(got, want) {
		t.Errorf("after an initialization POST: %s %q", resp.Status, got)
	}
	if resp, _ := get(t, hs.URL+"/new.isml/Manifest"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an initialization POST created a publishing point: %s", resp.Status)
	}
	for _, tc := range []struct {
		name string
		body []byte
	}{
		{"ftyp only", media[:24]},
		{"garbage", []byte("not an mp4 push at all")},
		{"a moof", readFragmentFile(t)},
	} {
		for _, p := range []string{"/x.isml/Streams(a)", "/x.isml/Streams(b)", "/new.isml/Streams(a)"} {
			code, body := postPath(t, hs.URL, p, tc.body)
			if code != http.StatusBadRequest || strings.TrimSpace(body) == "" {
				t.Errorf("%s push to %s: %d %q, want 400 with a reason", tc.name, p, code, body)
			}
		}
		if resp, got := get(t, hs.URL+"/x.isml/Manifest"); resp.StatusCode != http.StatusOK || !bytes.Equal(got, want) {
			t.Errorf("after a %s push: %s %q", tc.name, resp.Status, got)
		}
		if resp, _ := get(t, hs.URL+"/new.isml/Manifest"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("a %s push created a publishing point: %s", tc.name, resp.Status)
		}
	}
	if code, body := postPath(t, hs.URL, "/x.isml/Streams(a)", media[:28]); !strings.Contains(body, "before a moov") {
		t.Errorf("ftyp-only push: %d %q, want the reason", code, body)
	}
	// A genuine re-push with a moov starts the publishing point over.
	if code, body := postPath(t, hs.URL, "/x.isml/Streams(a)", media); code != http.StatusOK {
		t.Fatalf("re-push: %d %q", code, body)
	}
	if resp, got := get(t, hs.URL+"/x.isml/Manifest"); resp.StatusCode != http.StatusOK || bytes.Contains(got, []byte("IsLive")) {
		t.Errorf("after the re-push: %s %q", resp.Status, got)
	}
}

func TestBadIngestName(t *testing.T) {
	for name, bad := range map[string]bool{
		"x.isml": false, "a/b/x.isml": false, "a.b.isml": false, "x y.isml": false,
		".isml": true, "..isml": true, "../x.isml": true, "a/./x.isml": true, "a//x.isml": true,
		"/x.isml": true, "a\x00b.isml": true, "a\\b.isml": true, strings.Repeat("a", 256) + ".isml": true,
	} {
		if why := badIngestName(name, "s1"); (why != "") != bad {
			t.Errorf("%q: %q, want bad %v", name, why, bad)
		}
	}
}

// TestIngestResume: an encoder cut mid-push comes back with moofs alone and carries on
// its stream; the end of that push finishes the publishing point.
func TestIngestResume(t *testing.T) {
	_, hs := startOrigin(t, t.TempDir(), Config{Ingest: true, Archive: t.TempDir()})
	media := readDemoISMV(t)
	var moofs []int // offsets of the top-level moofs
	for off := 0; off+8 <= len(media); {
		size := int(binary.BigEndian.Uint32(media[off:]))
		if string(media[off+4:off+8]) == "moof" {
			moofs = append(moofs, off)
		}
		if size < 8 {
			t.Fatalf("box at %d: size %d", off, size)
		}
		off += size
	}
	if len(moofs) < 4 {
		t.Fatalf("%d moofs in the demo", len(moofs))
	}
	cut := moofs[len(moofs)/2]
	if code, body := postPath(t, hs.URL, "/r.isml/Streams(a)", media[:cut+10]); code != http.StatusBadRequest {
		t.Fatalf("cut push: %d %q", code, body)
	}
	if resp, body := get(t, hs.URL+"/r.isml/Manifest"); resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(`IsLive="TRUE"`)) {
		t.Fatalf("after the cut: %s %q", resp.Status, body)
	}
	if code, body := postPath(t, hs.URL, "/r.isml/Streams(a)", media[cut:]); code != http.StatusOK {
		t.Fatalf("resumed push: %d %q", code, body)
	}
	resp, body := get(t, hs.URL+"/r.isml/Manifest")
	m, err := smooth.ParseManifestBytes(body, "resumed")
	if err != nil || resp.StatusCode != http.StatusOK || m.IsLive || m.Streams[0].Timeline.Len() != uint64(len(moofs)) {
		t.Errorf("after the resumed push: %s %v, %+v", resp.Status, err, m)
	}
}
