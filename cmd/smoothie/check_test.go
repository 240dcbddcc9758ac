package main

import (
	"net/http/httptest"
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
