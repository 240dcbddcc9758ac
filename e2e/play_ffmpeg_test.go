package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestPlayFFmpegSmoothStreaming plays content nobody here wrote: the output directory of
// FFmpeg's own smoothstreaming muxer, served as static files. FFmpeg's VOD manifest has
// no t while its fragments start after 0 (B-frame delay, AAC priming), so, as docs/inspect.md
// says, the test adds the first fragment's time (from FFmpeg's file names) as t on each
// stream's first c.
func TestPlayFFmpegSmoothStreaming(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "ff")
	enc := exec.Command("ffmpeg", "-hide_banner", "-loglevel", "error",
		"-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
		"-t", "8", "-c:v", "libx264", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-b:v", "300k",
		"-c:a", "aac", "-b:a", "64k", "-min_frag_duration", "2000000", "-f", "smoothstreaming", out)
	if b, err := enc.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg (installed by make deps): %v\n%s", err, b)
	}
	manifest, err := os.ReadFile(filepath.Join(out, "Manifest"))
	if err != nil {
		t.Fatal(err)
	}
	// The first time of each stream, from the fragment files FFmpeg wrote.
	first := map[string]string{}
	matches, _ := filepath.Glob(filepath.Join(out, "QualityLevels(*)", "Fragments(*)"))
	re := regexp.MustCompile(`Fragments\((\w+)=(\d+)\)$`)
	for _, m := range matches {
		if g := re.FindStringSubmatch(m); g != nil {
			if old, ok := first[g[1]]; !ok || len(g[2]) < len(old) || (len(g[2]) == len(old) && g[2] < old) {
				first[g[1]] = g[2]
			}
		}
	}
	if len(first) != 2 {
		t.Fatalf("fragment files: %v", matches)
	}
	fixed := string(manifest)
	for _, stream := range []string{"video", "audio"} {
		i := strings.Index(fixed, "Fragments("+stream+"={start time})")
		j := strings.Index(fixed[i:], "<c ")
		if i < 0 || j < 0 {
			t.Fatalf("no %s stream in\n%s", stream, manifest)
		}
		at := i + j + len("<c ")
		fixed = fixed[:at] + `t="` + first[stream] + `" ` + fixed[at:]
	}
	if err := os.WriteFile(filepath.Join(out, "Manifest"), []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	o := startServe(t, "--access-log", "", dir)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	stats := filepath.Join(dir, "stats.jsonl")
	play := exec.CommandContext(ctx, smoothie, "play", "--headless", "--audio", "none", "--stats-json", stats, o.URL+"/ff/Manifest")
	b, err := play.CombinedOutput()
	if err != nil {
		t.Fatalf("smoothie play: %v\n%s", err, b)
	}
	js, _ := os.ReadFile(stats)
	summary := regexp.MustCompile(`\{"type":"summary".*`).Find(js)
	if summary == nil || !regexp.MustCompile(`"errors":0\b`).Match(summary) || !regexp.MustCompile(`"stalls":0\b`).Match(summary) ||
		regexp.MustCompile(`"frames_decoded":0\b`).Match(summary) || !regexp.MustCompile(`"played_s":(7\.[5-9]|8[.,])`).Match(summary) {
		t.Errorf("summary %s\noutput:\n%s", summary, b)
	}
}
