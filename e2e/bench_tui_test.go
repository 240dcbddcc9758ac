package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// tuiSummary is what BenchmarkPlayTUI compares from the summary line of --stats-json.
type tuiSummary struct {
	Type          string  `json:"type"`
	Played        float64 `json:"played_s"`
	FramesDecoded int     `json:"frames_decoded"`
	FramesDropped int     `json:"frames_dropped"`
	Stalls        int     `json:"stalls"`
}

// readSummary returns the summary line of a --stats-json file (ok false before it is written).
func readSummary(path string) (tuiSummary, bool) {
	raw, _ := os.ReadFile(path)
	var sum tuiSummary
	for _, l := range bytes.Split(raw, []byte("\n")) {
		if bytes.Contains(l, []byte(`"type":"summary"`)) && json.Unmarshal(l, &sum) == nil {
			return sum, true
		}
	}
	return sum, false
}

// BenchmarkPlayTUI: does the terminal panel cost the player frames or stalls? The
// whole demo at its top level (--quality 5, video decoded to no output, no audio),
// once headless and once with the panel drawing in a tmux pane of 160×48, alternating
// 3 rounds per iteration in the same run. Reports the stalls and dropped frames of
// both (goal: the panel's no worse than headless).
func BenchmarkPlayTUI(b *testing.B) {
	if _, err := exec.LookPath("tmux"); err != nil {
		b.Fatal("tmux not installed (make deps installs it)")
	}
	var head, tui tuiSummary
	for i := 0; i < b.N; i++ {
		for r := 0; r < 3; r++ {
			o := startDemoOrigin(b)
			url := o.URL + "/demo.ism/Manifest"
			args := []string{"--video", "none", "--audio", "none", "--quality", "5"}
			dir := b.TempDir()
			hs := filepath.Join(dir, "headless.jsonl")
			cmd := exec.Command(smoothie, append(append([]string{"play", "--headless", "--stats-json", hs}, args...), url)...)
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("smoothie play --headless: %v\n%s", err, out)
			}
			h, ok := readSummary(hs)
			if !ok || h.Played < 19 {
				b.Fatalf("headless: summary %+v", h)
			}

			ts := filepath.Join(dir, "tui.jsonl")
			sock := filepath.Join(dir, "tmux.sock")
			line := fmt.Sprintf("%s play --stats-json %s --video none --audio none --quality 5 %s; sleep 30", smoothie, ts, url)
			if out, err := exec.Command("tmux", "-S", sock, "new-session", "-d", "-x", "160", "-y", "48", line).CombinedOutput(); err != nil {
				b.Fatalf("tmux: %v\n%s", err, out)
			}
			t, ok := readSummary(ts)
			for deadline := time.Now().Add(60 * time.Second); !ok; t, ok = readSummary(ts) {
				if time.Now().After(deadline) {
					exec.Command("tmux", "-S", sock, "kill-server").Run()
					b.Fatal("the panel's run never wrote its summary")
				}
				time.Sleep(200 * time.Millisecond)
			}
			screen, _ := exec.Command("tmux", "-S", sock, "capture-pane", "-p").CombinedOutput()
			exec.Command("tmux", "-S", sock, "kill-server").Run()
			if t.Played < 19 {
				b.Fatalf("with the panel: summary %+v\n%s", t, screen)
			}
			head.Stalls += h.Stalls
			head.FramesDropped += h.FramesDropped
			head.FramesDecoded += h.FramesDecoded
			tui.Stalls += t.Stalls
			tui.FramesDropped += t.FramesDropped
			tui.FramesDecoded += t.FramesDecoded
		}
	}
	n := float64(3 * b.N)
	b.ReportMetric(float64(head.Stalls)/n, "headless_stalls")
	b.ReportMetric(float64(tui.Stalls)/n, "tui_stalls")
	b.ReportMetric(float64(head.FramesDropped)/n, "headless_dropped")
	b.ReportMetric(float64(tui.FramesDropped)/n, "tui_dropped")
	b.ReportMetric(float64(head.FramesDecoded)/n, "headless_decoded")
	b.ReportMetric(float64(tui.FramesDecoded)/n, "tui_decoded")
}
