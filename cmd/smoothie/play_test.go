package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/smooth"
)

// playFixture writes a 4 s A/V presentation (.ismv + .isma + .ism) made by FFmpeg.
func playFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command("ffmpeg", "-hide_banner", "-loglevel", "error",
		"-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=4", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000:duration=4",
		"-map", "0:v", "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-b:v", "300k", "-f", "ismv", filepath.Join(dir, "v.ismv"),
		"-map", "1:a", "-c:a", "aac", "-b:a", "64k", "-f", "ismv", filepath.Join(dir, "a.isma"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg (installed by make deps): %v\n%s", err, out)
	}
	ism := &smooth.ServerManifest{Tracks: []smooth.ServerTrack{
		{Kind: media.KindVideo, Src: "v.ismv", SystemBitrate: 300000, Params: []smooth.Attribute{{Name: "trackID", Value: "1"}}},
		{Kind: media.KindAudio, Src: "a.isma", SystemBitrate: 64000, Params: []smooth.Attribute{{Name: "trackID", Value: "1"}}},
	}}
	if err := os.WriteFile(filepath.Join(dir, "p.ism"), ism.Marshal(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestPlayHelpAndUsage(t *testing.T) {
	var out, errb bytes.Buffer
	if code := runPlay([]string{"--help"}, &out, &errb); code != exitOK || !strings.Contains(out.String(), "-stats-json") {
		t.Fatalf("--help: exit %d\n%s", code, out.String())
	}
	// The A/V sync test hooks are hidden, and the flags around them still shown.
	if s := out.String(); strings.Contains(s, "present-log") || strings.Contains(s, "av-offset") || !strings.Contains(s, "-audio-lang") || !strings.Contains(s, "-battery") {
		t.Fatalf("--help shows hidden flags or lost neighbours:\n%s", s)
	}
	for _, args := range [][]string{{"--quality", "fast"}, {"--nope"}, {"a", "b"}, {"--video", "hologram", "http://127.0.0.1:1/x.ism/Manifest"}, {"/no/such/file.ism"}, {"--buffer", "0s", "http://x/"}, {"--abr", "psychic", "http://x/"}, {"--live-latency", "-1s", "http://x/"}} {
		out.Reset()
		errb.Reset()
		code := runPlay(args, &out, &errb)
		if code != exitUsage || strings.Count(strings.TrimSpace(errb.String()), "\n") > 1 {
			t.Errorf("%q: exit %d, stderr %q", args, code, errb.String())
		}
	}
}

// TestPlayLocalISM plays a local .ism through FFmpeg's decoders and through none
// (--decode none: every frame paced, none decoded, so the summary says so).
func TestPlayLocalISM(t *testing.T) {
	dir := playFixture(t)
	for _, c := range []struct{ decode, says string }{{"ffmpeg", "100 frames decoded"}, {"none", "100 frames paced, none decoded"}} {
		stats := filepath.Join(t.TempDir(), "stats.jsonl")
		var out, errb bytes.Buffer
		logFile := filepath.Join(t.TempDir(), "play.log")
		code := runPlay([]string{"--video", "none", "--decode", c.decode, "--stats-json", stats, "--log", logFile, filepath.Join(dir, "p.ism")}, &out, &errb)
		if code != exitOK {
			t.Fatalf("--decode %s: exit %d\nstdout:\n%s\nstderr:\n%s", c.decode, code, out.String(), errb.String())
		}
		if _, err := os.Stat(logFile); err != nil {
			t.Errorf("--log: %v", err)
		}
		b, err := os.ReadFile(stats)
		if err != nil {
			t.Fatal(err)
		}
		var last map[string]any
		n := 0
		for sc := bufio.NewScanner(bytes.NewReader(b)); sc.Scan(); n++ {
			last = nil
			if err := json.Unmarshal(sc.Bytes(), &last); err != nil {
				t.Fatalf("line %q: %v", sc.Text(), err)
			}
		}
		if last["type"] != "summary" || last["frames_decoded"].(float64) != 100 || last["stalls"].(float64) != 0 {
			t.Fatalf("--decode %s: summary %v after %d lines\n%s", c.decode, last, n, out.String())
		}
		if !strings.Contains(out.String(), c.says) {
			t.Errorf("--decode %s: stdout lacks %q:\n%s", c.decode, c.says, out.String())
		}
	}
}

func TestPlayManifestErrors(t *testing.T) {
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "html") {
			w.Write([]byte("<!DOCTYPE html><html><body>login</body></html>"))
			return
		}
		http.NotFound(w, r)
	}))
	defer hs.Close()
	for path, want := range map[string]string{"/missing.ism/Manifest": "404", "/html.ism/Manifest": "HTML"} {
		var out, errb bytes.Buffer
		code := runPlay([]string{"--headless", hs.URL + path}, &out, &errb)
		if code != exitFailure || !strings.Contains(errb.String(), want) || strings.Count(strings.TrimSpace(errb.String()), "\n") != 0 {
			t.Errorf("%s: exit %d, stderr %q", path, code, errb.String())
		}
	}
}

// TestPlayInterrupted: a stop (Ctrl-C) ends with exit 0 and the summary still written.
func TestPlayInterrupted(t *testing.T) {
	dir := playFixture(t)
	stats := filepath.Join(t.TempDir(), "stats.jsonl")
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	var out, errb bytes.Buffer
	if code := play(ctx, []string{"--headless", "--stats-json", stats, filepath.Join(dir, "p.ism")}, &out, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	b, _ := os.ReadFile(stats)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if !strings.Contains(lines[len(lines)-1], `"type":"summary"`) || !strings.Contains(out.String(), "playing") {
		t.Fatalf("last line %q; stdout:\n%s", lines[len(lines)-1], out.String())
	}
}

func TestStatusLineLive(t *testing.T) {
	st := player.Stats{Live: true, LiveLatency: 5200 * time.Millisecond, LiveTarget: 6 * time.Second, DVRWindow: 30 * time.Second,
		ManifestRefreshes: 4, LiveSkips: 1, MediaTime: 1763776123456 * time.Millisecond}
	want := "live latency 5.2s target 6.0s dvr 30s refreshes 4 skips 1 media 1763776123.456s"
	if got := statusLine(st); !strings.HasSuffix(got, want) {
		t.Errorf("status line %q, want it to end with %q", got, want)
	}
	if got := statusLine(player.Stats{}); strings.Contains(got, "live") {
		t.Errorf("VOD status line %q", got)
	}
}

// TestStatusLineWaiting: while the origin sends nothing the line says for how long.
func TestStatusLineWaiting(t *testing.T) {
	if got := statusLine(player.Stats{WaitingForOrigin: 12 * time.Second}); !strings.HasSuffix(got, " waiting for the origin (12 s)") {
		t.Errorf("status line %q", got)
	}
	if got := statusLine(player.Stats{}); strings.Contains(got, "waiting") {
		t.Errorf("status line %q", got)
	}
}

// TestStatusLineVideoUnavailable: every status line starts with the reason the
// video cannot play; a session whose video plays says nothing of it.
func TestStatusLineVideoUnavailable(t *testing.T) {
	st := player.Stats{VideoUnavailable: "video stream \"video\": unknown FourCC \"VP80\""}
	if got, want := statusLine(st), "video unavailable: video stream \"video\": unknown FourCC \"VP80\"  "; !strings.HasPrefix(got, want) {
		t.Errorf("status line %q, want it to start with %q", got, want)
	}
	if got := statusLine(player.Stats{}); strings.Contains(got, "unavailable") {
		t.Errorf("status line %q", got)
	}
}
