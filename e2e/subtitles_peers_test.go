package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestSubtitlesPeers: packSubtitled's presentation (--subtitles) stays a presentation
// the peers play. GStreamer's playbin (mssdemux, which ignores the text stream) plays
// it to EOS without an error, and `inspect --check` fetches and checks every
// fragment of its three streams, the text ones among them (the access log shows
// each text fragment answered 200), with no problem.
func TestSubtitlesPeers(t *testing.T) {
	dir := packSubtitledDir(t)
	logPath := filepath.Join(t.TempDir(), "access.log")
	o := startServe(t, "--access-log", logPath, dir)
	manifest := o.URL + "/demo.ism/Manifest"

	b, err := exec.Command(smoothie, "inspect", "--json", "--check", manifest).CombinedOutput()
	if err != nil {
		t.Fatalf("smoothie inspect --check: %v\n%s", err, b)
	}
	var rep struct {
		Levels, Fragments, Checked int
		Problems                   []any
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatalf("inspect --json --check: %v\n%s", err, b)
	}
	logb, _ := os.ReadFile(logPath)
	text := regexp.MustCompile(`Fragments\(text[^=]*=\d+\) - \d+ \S+ \S+ 200 `).FindAll(logb, -1)
	// 14 s in 5 s text fragments: 3 of them.
	if rep.Levels != 3 || rep.Checked != rep.Fragments || len(rep.Problems) != 0 || len(text) != 3 {
		t.Fatalf("inspect --check: %d levels, %d of %d fragments checked, problems %v, %d text fragments fetched: want 3 levels, all checked, none, 3\n%s\n%s",
			rep.Levels, rep.Checked, rep.Fragments, rep.Problems, len(text), b, logb)
	}

	gst, eos := gstPlay(t, manifest, 60*time.Second)
	if !eos {
		t.Fatalf("GStreamer: no EOS within 60 s:\n%s", gst)
	}
	if strings.Contains(gst, "ERROR") {
		t.Fatalf("GStreamer reported an error:\n%s", gst)
	}
}
