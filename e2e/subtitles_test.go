package e2e

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/text/subs"
)

// testSubtitles are the cues of TestSubtitlesPackedAndPlayed: one inside a text
// fragment, one across a fragment boundary (fragments of 5 s), one with markup.
const testSubtitles = `1
00:00:01,000 --> 00:00:02,500
Hello, subtitles

2
00:00:04,000 --> 00:00:07,000
<i>Second</i> cue
across a fragment boundary

3
00:00:11,200 --> 00:00:12,800
<b>Third</b>
`

// TestSubtitlesPackedAndPlayed: `pack --subtitles` from an SRT, `serve`, `play
// --text en`: every cue is shown once (the split one joined), with its text, from
// its begin to its end: the SRT's times to the millisecond on the position scale
// (the media time less the presentation's start, the same shift for every cue).
// The session shows a cue when the playhead reaches it: measured 0–1 ms after its
// start on an idle machine; the bound is 10 of the session loop's 50 ms ticks, for
// a loaded one.
func TestSubtitlesPackedAndPlayed(t *testing.T) {
	dir := t.TempDir()
	srt := filepath.Join(dir, "subs.srt")
	if err := os.WriteFile(srt, []byte(testSubtitles), 0o644); err != nil {
		t.Fatal(err)
	}
	want, err := subs.ReadFile(srt)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "pres")
	if b, err := exec.Command(smoothie, "pack", "--synthetic", "14s", "--ladder", "320x180@300k", "--text-fragment", "5s",
		"--subtitles", srt+":en", out).CombinedOutput(); err != nil {
		t.Fatalf("smoothie pack: %v\n%s", err, b)
	}
	o := startServe(t, "--access-log", "", out)
	stats := filepath.Join(dir, "stats.json")
	if b, err := exec.Command(smoothie, "play", "--headless", "--text", "en", "--for", "13s", "--stats-json", stats,
		o.URL+"/demo.ism/Manifest").CombinedOutput(); err != nil {
		t.Fatalf("smoothie play: %v\n%s", err, b)
	}
	js, err := os.ReadFile(stats)
	if err != nil {
		t.Fatal(err)
	}
	type cue struct {
		Start float64 `json:"start_s"`
		End   float64 `json:"end_s"`
		Pos   float64 `json:"pos_s"`
		Text  string
	}
	var got []cue
	for _, l := range strings.Split(strings.TrimSpace(string(js)), "\n") {
		if strings.Contains(l, `"type":"cue"`) {
			var c cue
			if err := json.Unmarshal([]byte(l), &c); err != nil {
				t.Fatal(err)
			}
			got = append(got, c)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d cues shown, want %d:\n%s", len(got), len(want), js)
	}
	// The position scale starts at the presentation's first media time (the
	// audio's priming): the same shift for every cue.
	shift := got[0].Start - want[0].Begin.Seconds()
	var late []float64
	for i, w := range want {
		g := got[i]
		if g.Text != w.Text() {
			t.Errorf("cue %d says %q, want %q", i, g.Text, w.Text())
		}
		if math.Abs(g.Start-shift-w.Begin.Seconds()) > 0.002 || math.Abs(g.End-shift-w.End.Seconds()) > 0.002 {
			t.Errorf("cue %d from %.3f to %.3f s (shift %.3f), want %.3f to %.3f", i, g.Start, g.End, shift, w.Begin.Seconds(), w.End.Seconds())
		}
		late = append(late, g.Pos-g.Start)
	}
	const tick = 50 * time.Millisecond
	t.Logf("shift %.3f s; shown late by %v s (the session loop ticks every %v)", shift, late, tick)
	for i, l := range late {
		if l < -0.001 || l > 10*tick.Seconds() {
			t.Errorf("cue %d shown %.3f s after its start, want within 10 ticks", i, l)
		}
	}
	if math.Abs(shift) > 0.1 {
		t.Errorf("cues shifted by %.3f s on the position scale, want the audio's priming (a few ms)", shift)
	}
}
