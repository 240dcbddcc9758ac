package origin

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/smooth"
)

func startOrigin(t *testing.T, dir string, cfg Config) (*Server, *httptest.Server) {
	t.Helper()
	cfg.Dir = dir
	var mu sync.Mutex
	var warnings []string
	cfg.Warnf = func(f string, a ...any) { // requests warn concurrently
		mu.Lock()
		defer mu.Unlock()
		warnings = append(warnings, f)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s)
	t.Cleanup(func() { hs.Close(); s.Close() })
	return s, hs
}

func get(t *testing.T, url string, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// TestServeConformanceISMA: for each tfra time of the conformance .isma, a Fragments
// request returns exactly that fragment's bytes.
func TestServeConformanceISMA(t *testing.T) {
	_, hs := startOrigin(t, "testdata", Config{})
	file, err := os.ReadFile("testdata/bbb/bbb5s_aac.isma")
	if err != nil {
		t.Fatal(err)
	}
	mf, err := smooth.ParseMediaFile(file)
	if err != nil {
		t.Fatal(err)
	}
	resp, body := get(t, hs.URL+"/bbb/bbb.ism/Manifest")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/xml; charset=utf-8" {
		t.Fatalf("manifest: %s %q", resp.Status, resp.Header.Get("Content-Type"))
	}
	m, err := smooth.ParseManifestBytes(body, "built manifest")
	if err != nil {
		t.Fatalf("built manifest does not parse: %v\n%s", err, body)
	}
	s := m.Streams[0]
	if s.Timeline.Len() != 3 || s.Levels[0].FourCC != "AACL" || s.Levels[0].CodecPrivateData == "" {
		t.Fatalf("built manifest: %s", body)
	}
	if _, err := s.CodecConfig(s.Levels[0]); err != nil {
		t.Errorf("built manifest's level does not configure a decoder: %v", err)
	}
	for i, e := range mf.Index {
		want, _ := mf.FragmentAt(file, e.MoofOffset)
		// The URL the player would build from the manifest the origin served.
		f, _ := s.Timeline.At(uint64(i))
		if f.Start != e.Time {
			t.Errorf("manifest fragment %d at %d, tfra says %d", i, f.Start, e.Time)
		}
		resp, got := get(t, hs.URL+"/bbb/bbb.ism/"+s.FragmentURL(s.Levels[0], e.Time))
		if resp.StatusCode != 200 || !bytes.Equal(got, want) {
			t.Fatalf("fragment at %d: %s, %d bytes, want the %d bytes at offset %d", e.Time, resp.Status, len(got), len(want), e.MoofOffset)
		}
		if resp.Header.Get("Content-Type") != "audio/mp4" || !strings.Contains(resp.Header.Get("Cache-Control"), "max-age=31536000") {
			t.Errorf("headers %v", resp.Header)
		}
		// FragmentInfo is the moof alone; RawFragments the mdat payload.
		_, info := get(t, hs.URL+"/bbb/bbb.ism/QualityLevels(128000)/FragmentInfo(audio="+itoa(e.Time)+")")
		fi, err := smooth.ParseFragment(info, smooth.FragmentOptions{})
		if err != nil || fi.HasData || !bytes.Equal(info, want[:len(info)]) {
			t.Errorf("FragmentInfo: %v, data %v", err, fi != nil && fi.HasData)
		}
		_, raw := get(t, hs.URL+"/bbb/bbb.ism/QualityLevels(128000)/RawFragments(audio="+itoa(e.Time)+")")
		if !bytes.Equal(raw, want[len(info)+8:]) {
			t.Errorf("RawFragments: %d bytes, want %d", len(raw), len(want)-len(info)-8)
		}
	}
}

func itoa(v uint64) string { return strconv.FormatUint(v, 10) }

func TestServeHTTPSemantics(t *testing.T) {
	_, hs := startOrigin(t, "testdata", Config{})
	u := hs.URL + "/bbb/bbb.ism/QualityLevels(128000)/Fragments(audio=20053333)"
	resp, full := get(t, u)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Length") != itoa(uint64(len(full))) || resp.Header.Get("ETag") == "" || resp.Header.Get("Last-Modified") == "" {
		t.Fatalf("GET: %s %v", resp.Status, resp.Header)
	}
	// Conditional request.
	resp, body := get(t, u, "If-None-Match", resp.Header.Get("ETag"))
	if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("If-None-Match: %s", resp.Status)
	}
	// Range.
	resp, body = get(t, u, "Range", "bytes=10-19")
	if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(body, full[10:20]) {
		t.Errorf("Range: %s %d bytes", resp.Status, len(body))
	}
	// HEAD.
	hr, err := http.Head(u)
	if err != nil || hr.StatusCode != 200 || hr.ContentLength != int64(len(full)) {
		t.Errorf("HEAD: %v %v", hr, err)
	}
	// Manifest caching is short.
	resp, _ = get(t, hs.URL+"/bbb/bbb.ism/Manifest")
	if resp.Header.Get("Cache-Control") != "public, max-age=10" {
		t.Errorf("manifest Cache-Control %q", resp.Header.Get("Cache-Control"))
	}
	// Case-insensitive names as IIS.
	if resp, _ := get(t, hs.URL+"/BBB/BBB.ISM/manifest"); resp.StatusCode != 200 {
		t.Errorf("case-insensitive manifest: %s", resp.Status)
	}
}

func TestServeErrors(t *testing.T) {
	_, hs := startOrigin(t, "testdata", Config{})
	tests := []struct {
		path   string
		status int
		reason string
	}{
		{"/bbb/bbb.ism/QualityLevels(999)/Fragments(audio=0)", 404, "no bitrate 999"},
		{"/bbb/bbb.ism/QualityLevels(128000)/Fragments(audio=2)", 404, "no fragment at t=2"},
		{"/bbb/bbb.ism/QualityLevels(128000)/Fragments(video=0)", 404, `no stream "video"`},
		{"/nope.ism/Manifest", 404, "no presentation"},
		{"/bbb/bbb.ism/QualityLevels(abc)/Fragments(audio=0)", 400, "bitrate is not"},
		{"/bbb/bbb.ism/Bogus", 400, "unknown request"},
		{"/live.isml/Streams(video)", 501, "live ingest"},
		{"/missing.txt", 404, ""},
	}
	for _, tc := range tests {
		resp, body := get(t, hs.URL+tc.path)
		if resp.StatusCode != tc.status || !strings.Contains(string(body), tc.reason) {
			t.Errorf("%s: %s %q, want %d %q", tc.path, resp.Status, body, tc.status, tc.reason)
		}
	}
	resp, err := http.Post(hs.URL+"/bbb/bbb.ism/Manifest", "text/plain", strings.NewReader("x"))
	if err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST manifest: %v %v", resp, err)
	}
}

// TestServeNothingOutsideDir: traversal in every spelling, and symlinks out, reach nothing.
func TestServeNothingOutsideDir(t *testing.T) {
	parent := t.TempDir()
	secret := filepath.Join(parent, "secret.txt")
	os.WriteFile(secret, []byte("TOP SECRET"), 0o644)
	dir := filepath.Join(parent, "served")
	os.Mkdir(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "hello.txt"), []byte("hello"), 0o644)
	os.WriteFile(filepath.Join(dir, "keys.json"), []byte("TOP SECRET"), 0o600)
	os.Symlink(secret, filepath.Join(dir, "link.txt"))
	os.Symlink(parent, filepath.Join(dir, "up"))
	_, hs := startOrigin(t, dir, Config{})
	if resp, body := get(t, hs.URL+"/hello.txt"); resp.StatusCode != 200 || string(body) != "hello" {
		t.Fatalf("static file: %s %q", resp.Status, body)
	}
	for _, p := range []string{"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/..%2fsecret.txt", "/link.txt", "/up/secret.txt", "//etc/passwd", "/" + secret, "/up/served/../secret.txt", "/keys.json", "/KEYS.JSON", "/./keys.json"} {
		req, _ := http.NewRequest(http.MethodGet, hs.URL+"/", nil)
		req.URL.Opaque = p // send the path as written, without client-side cleaning
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == 200 || strings.Contains(string(body), "TOP SECRET") || strings.Contains(string(body), "root:") {
			t.Errorf("%s: %s %q", p, resp.Status, body)
		}
	}
}

func TestAccessLog(t *testing.T) {
	var log bytes.Buffer
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	_, hs := startOrigin(t, "testdata", Config{AccessLog: &log, Now: func() time.Time { return now }})
	req, _ := http.NewRequest(http.MethodGet, hs.URL+"/bbb/bbb.ism/Manifest?x=1", nil)
	req.Header.Set("User-Agent", "test agent/1.0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	get(t, hs.URL+"/nope.ism/Manifest")
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	if len(lines) != 6 || lines[3] != "#Fields: "+w3cFields {
		t.Fatalf("log:\n%s", log.String())
	}
	f := strings.Fields(lines[4])
	if len(f) != 12 || f[0] != "2026-11-21" || f[1] != "10:00:00" || f[3] != "GET" || f[4] != "/bbb/bbb.ism/Manifest" || f[5] != "x=1" ||
		f[7] != "127.0.0.1" || f[8] != "test+agent/1.0" || f[9] != "200" || f[10] == "0" {
		t.Errorf("line %q", lines[4])
	}
	if g := strings.Fields(lines[5]); g[9] != "404" {
		t.Errorf("404 line %q", lines[5])
	}
}

func TestPlayerLog(t *testing.T) {
	var sink bytes.Buffer
	_, hs := startOrigin(t, "testdata", Config{PlayerLog: &sink, MaxPlayerLogBody: 1024})
	post := func(body string) int {
		req, _ := http.NewRequest(http.MethodPost, hs.URL+"/log", strings.NewReader(body))
		req.Header.Set(SessionHeader, "s-1")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if c := post("{\"type\":\"stall\",\"t_s\":1}\n{\"type\":\"resume\"}\n"); c != http.StatusNoContent {
		t.Fatalf("post: %d", c)
	}
	lines := strings.Split(strings.TrimSpace(sink.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"session":"s-1"`) || !strings.Contains(lines[0], `"entry":{"type":"stall","t_s":1}`) {
		t.Errorf("sink:\n%s", sink.String())
	}
	if c := post("not json"); c != http.StatusBadRequest {
		t.Errorf("bad json: %d", c)
	}
	if c := post(strings.Repeat(" ", 2000)); c != http.StatusRequestEntityTooLarge {
		t.Errorf("too large: %d", c)
	}
	if resp, _ := get(t, hs.URL+"/log"); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /log: %s", resp.Status)
	}
	if len(strings.Split(strings.TrimSpace(sink.String()), "\n")) != 2 {
		t.Errorf("rejected posts reached the sink")
	}
}
