package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/origin"
)

func startTestOrigin(t *testing.T, dir string, cfg origin.Config) string {
	t.Helper()
	cfg.Dir = dir
	s, err := origin.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s)
	t.Cleanup(func() { hs.Close(); s.Close() })
	return hs.URL
}

func TestInspectCheckOurOrigin(t *testing.T) {
	base := startTestOrigin(t, "../../origin/testdata", origin.Config{})
	code, out, errs := runCapture("inspect", "--check", base+"/bbb/bbb.ism/Manifest")
	if code != exitOK || !strings.Contains(out, "checked 3 of 3 fragments in 1 levels: all good") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	// A faulty origin is caught: every fragment answers 404.
	f, _ := origin.ParseFault("404:100%")
	bad := startTestOrigin(t, "../../origin/testdata", origin.Config{Faults: []origin.Fault{f}})
	code, out, _ = runCapture("inspect", "--check", "--json", bad+"/bbb/bbb.ism/Manifest")
	if code != exitFailure || strings.Count(out, "404 Not Found") != 3 {
		t.Errorf("faulty origin: exit %d\n%s", code, out)
	}
	if code, _, _ := runCapture("inspect", "--check", "../../origin/testdata/bbb/bbb.ism"); code != exitUsage {
		t.Errorf("--check on a file: exit %d, want 2", code)
	}
}

// TestInspectCheckFFmpegStatic: FFmpeg's smoothstreaming muxer writes a VOD manifest
// without t while its fragments start at t≠0 (B-frame delay, AAC priming), served here
// as static files. --check finds the fragments the manifest points at missing.
func TestInspectCheckFFmpegStatic(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command("ffmpeg", "-hide_banner", "-loglevel", "error",
		"-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=sample_rate=48000",
		"-t", "4", "-c:v", "libx264", "-g", "50", "-b:v", "300k", "-c:a", "aac", "-b:a", "64k",
		"-f", "smoothstreaming", filepath.Join(dir, "ff"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg (installed by make deps): %v\n%s", err, out)
	}
	base := startTestOrigin(t, dir, origin.Config{})
	code, out, errs := runCapture("inspect", "--check", base+"/ff/Manifest")
	if code != exitFailure || !strings.Contains(out, "404 Not Found") {
		t.Errorf("exit %d, want 1 with 404s\n%s%s", code, out, errs)
	}
}

// TestInspectCheckNotAManifest: --check on a URL whose body is not a manifest says what
// the body is, in one line (QA U5).
func TestInspectCheckNotAManifest(t *testing.T) {
	frag, err := os.ReadFile("../../smooth/testdata/fragments/dashjs__mss_moof.mp4")
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string][]byte{
		"/frag": frag,
		"/json": []byte(`{"error": "no such stream"}`),
		"/bin":  {0x8d, 0x04, 0xf7, 0xd3, 0x00, 0x01},
		"/none": nil,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(bodies[r.URL.Path]) }))
	defer srv.Close()
	tests := []struct{ path, want string }{
		{"/frag", "MP4 data (moof box), not XML: not a Smooth Streaming client manifest (it looks like a fragment: use smoothie inspect URL without --check)"},
		{"/json", "JSON, not XML"},
		{"/bin", "binary data, not XML"},
		{"/none", "empty document"},
	}
	for _, tc := range tests {
		code, _, errs := runCapture("inspect", "--check", srv.URL+tc.path)
		if code != exitFailure || !strings.Contains(errs, srv.URL+tc.path+": "+tc.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("%s: exit %d stderr %q, want one line with %q", tc.path, code, errs, tc.want)
		}
	}
}
