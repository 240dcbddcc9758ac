package origin

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/smooth"
)

// TestServeBadPaths: paths no file system can name, and symlinks out of DIR, are a 400
// or 404 with a reason, never a 500.
func TestServeBadPaths(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "hello.txt"), []byte("hello"), 0o644)
	os.Symlink(t.TempDir(), filepath.Join(dir, "out"))
	_, hs := startOrigin(t, dir, Config{})
	long := strings.Repeat("a", 256)
	tests := []struct {
		path   string
		status int
		reason string
	}{
		{"/demo.ism%00.txt", 400, "NUL byte"},
		{"/a%00b/c", 400, "NUL byte"},
		{"/" + long, 400, "256 bytes"},
		{"/x/" + long + "/demo.ism/Manifest", 400, "256 bytes"},
		{"/out/x.txt", 404, "not served"},
		{"/hello.txt/x", 404, ""},
	}
	for _, tc := range tests {
		code, body := rawPath(t, http.MethodGet, hs.URL, tc.path, nil)
		if code != tc.status || !strings.Contains(body, tc.reason) {
			t.Errorf("%.40s: %d %q, want %d %q", tc.path, code, body, tc.status, tc.reason)
		}
	}
}

// TestServeCustomAttributes: QualityLevels(B,k=v) matches a level with those custom
// attributes; naming attributes a level at that bitrate does not have is a 404 saying
// so, not "no bitrate".
func TestServeCustomAttributes(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"bbb.ism", "bbb5s_aac.isma"} {
		b, err := os.ReadFile(filepath.Join("testdata", "bbb", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	_, plain := startOrigin(t, dir, Config{})
	_, body := get(t, plain.URL+"/bbb.ism/Manifest")
	m, err := smooth.ParseManifestBytes(body, "bbb")
	if err != nil {
		t.Fatal(err)
	}
	first := m.Streams[0].Timeline.Start()
	frag := func(base, ql string) string {
		return base + "/bbb.ism/QualityLevels(" + ql + ")/Fragments(audio=" + strconv.FormatUint(first, 10) + ")"
	}
	resp, body := get(t, frag(plain.URL, "128000,k=v"))
	if resp.StatusCode != 404 || !strings.Contains(string(body), "has no custom attributes, not k=v") {
		t.Errorf("attributes on a level without: %s %q", resp.Status, body)
	}
	m.Streams[0].Levels[0].CustomAttributes = []smooth.Attribute{{Name: "hardwareProfile", Value: "1000"}}
	if err := os.WriteFile(filepath.Join(dir, "bbb.ismc"), m.Marshal(), 0o644); err != nil {
		t.Fatal(err)
	}
	_, hs := startOrigin(t, dir, Config{})
	for ql, want := range map[string]string{
		"128000,hardwareProfile=1000": "",
		"128000,hardwareprofile=1000": "",
		"128000":                      "",
		"128000,hardwareProfile=2000": "has custom attributes hardwareProfile=1000, not hardwareProfile=2000",
		"64000,hardwareProfile=1000":  "no bitrate 64000",
	} {
		resp, body := get(t, frag(hs.URL, ql))
		if want == "" && resp.StatusCode != 200 || want != "" && (resp.StatusCode != 404 || !strings.Contains(string(body), want)) {
			t.Errorf("QualityLevels(%s): %s %.80q, want %q", ql, resp.Status, body, want)
		}
	}
}

// TestLiveNowOutOfRange: a ?now the live clock cannot hold is a 400, not clamped.
func TestLiveNowOutOfRange(t *testing.T) {
	_, hs := startOrigin(t, "testdata", Config{Live: true, LiveEpoch: time.Date(2026, 11, 21, 11, 0, 0, 0, time.UTC)})
	for v, want := range map[string]int{
		strconv.FormatInt(time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC).UnixMilli(), 10): 200,
		strconv.FormatInt(maxNowMS, 10):   200,
		strconv.FormatInt(maxNowMS+1, 10): 400,
		"9223372036854775":                400,
		"9223372036854775807":             400,
		"99999999999999999999":            400,
		"-1":                              400,
	} {
		resp, body := get(t, hs.URL+"/bbb/bbb.isml/Manifest?now="+v)
		if resp.StatusCode != want || want == 400 && !strings.Contains(string(body), "now=") {
			t.Errorf("now=%s: %s %q, want %d", v, resp.Status, body, want)
		}
	}
}

// TestFaultScopeWarning: a fault rule scoped to a stream or bitrate no presentation has
// is reported once at start.
func TestFaultScopeWarning(t *testing.T) {
	cfg := Config{Dir: "testdata"}
	for _, spec := range []string{"500:5%@nosuch", "500:5%@audio", "reset:1%@999", "503:1%@128000", "500:1%"} {
		f, err := ParseFault(spec)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Faults = append(cfg.Faults, f)
	}
	var msgs []string
	cfg.Warnf = func(f string, a ...any) { msgs = append(msgs, fmt.Sprintf(f, a...)) }
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if len(msgs) != 2 || !strings.Contains(msgs[0], `500@nosuch`) || !strings.Contains(msgs[0], `stream named "nosuch"`) || !strings.Contains(msgs[1], "bitrate 999") {
		t.Errorf("warnings %q, want one for @nosuch and one for @999", msgs)
	}
}
