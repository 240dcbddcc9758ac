package e2e

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// TestLiveIngestPlay: FFmpeg pushes a live stream to `smoothie serve --ingest` for 24 s
// while `smoothie play --headless` plays the publishing point: it plays without an
// error and without stalling after its start; afterwards the archive serves as VOD and
// `smoothie inspect --check` finds nothing off.
func TestLiveIngestPlay(t *testing.T) {
	archive := t.TempDir()
	o := startServe(t, "--ingest", "--archive", archive, "--dvr", "30s", "--access-log", "", t.TempDir())
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	enc := exec.CommandContext(ctx, "ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
		"-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
		"-t", "24", "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0",
		"-b:v", "300k", "-c:a", "aac", "-b:a", "64k", "-movflags", "isml+frag_keyframe", "-f", "ismv",
		o.URL+"/cam.isml/Streams(cam1)")
	encOut := &syncBuffer{}
	enc.Stdout, enc.Stderr = encOut, encOut
	if err := enc.Start(); err != nil {
		t.Fatalf("ffmpeg (installed by make deps): %v", err)
	}
	encDone := make(chan error, 1)
	go func() { encDone <- enc.Wait() }()
	// Wait until the publishing point has a manifest.
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		resp, err := http.Get(o.URL + "/cam.isml/Manifest")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no live manifest; ffmpeg: %s; origin: %s", encOut.String(), o.Stderr.String())
		}
	}
	stats := filepath.Join(t.TempDir(), "stats.jsonl")
	play := exec.CommandContext(ctx, smoothie, "play", "--headless", "--audio", "none", "--for", "12s", "--stats-json", stats, o.URL+"/cam.isml/Manifest")
	b, err := play.CombinedOutput()
	if err != nil {
		t.Fatalf("smoothie play: %v\n%s", err, b)
	}
	js, _ := os.ReadFile(stats)
	summary := regexp.MustCompile(`\{"type":"summary".*`).Find(js)
	if summary == nil || !regexp.MustCompile(`"errors":0\b`).Match(summary) || regexp.MustCompile(`"frames_decoded":0\b`).Match(summary) ||
		!regexp.MustCompile(`"stalls":[01]\b`).Match(summary) || !regexp.MustCompile(`"played_s":1[12][.,]`).Match(summary) {
		t.Errorf("live play summary %s\noutput:\n%s", summary, b)
	}
	// Latency to the newest known fragment stays within the target (3 fragments of
	// 2 s) plus one fragment, and the manifest is refreshed.
	lines := regexp.MustCompile(`live latency ([0-9.]+)s dvr \d+s refreshes (\d+)`).FindAllSubmatch(b, -1)
	if len(lines) < 8 {
		t.Errorf("%d live status lines in 12 s:\n%s", len(lines), b)
	}
	for _, l := range lines {
		if lat, _ := strconv.ParseFloat(string(l[1]), 64); lat > 8 {
			t.Errorf("live latency %.1f s over 3 fragments + 1 (8 s):\n%s", lat, b)
			break
		}
	}
	if n := len(lines); n > 0 && string(lines[n-1][2]) == "0" {
		t.Errorf("the live manifest was never refreshed:\n%s", b)
	}
	if err := <-encDone; err != nil {
		t.Fatalf("ffmpeg push: %v\n%s", err, encOut.String())
	}
	// The archive serves as VOD and checks clean.
	if _, err := os.Stat(filepath.Join(archive, "cam", "cam.ism")); err != nil {
		t.Fatalf("archive: %v; origin: %s", err, o.Stderr.String())
	}
	chk := exec.Command(smoothie, "inspect", "--check", o.URL+"/cam/cam.ism/Manifest")
	if b, err := chk.CombinedOutput(); err != nil {
		t.Errorf("inspect --check on the archive: %v\n%s", err, b)
	}
}
