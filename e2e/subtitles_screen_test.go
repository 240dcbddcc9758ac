package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/internal/xvfbtest"
)

// packSubtitled packs 14 s of synthetic video with testSubtitles (5 s text
// fragments) and serves it; it returns the manifest URL.
func packSubtitled(t *testing.T) string {
	t.Helper()
	o := startServe(t, "--access-log", "", packSubtitledDir(t))
	return o.URL + "/demo.ism/Manifest"
}

// packSubtitledDir packs packSubtitled's presentation and returns its directory.
func packSubtitledDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	srt := filepath.Join(dir, "subs.srt")
	if err := os.WriteFile(srt, []byte(testSubtitles), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "pres")
	if b, err := exec.Command(smoothie, "pack", "--synthetic", "14s", "--ladder", "640x360@800k", "--text-fragment", "5s",
		"--subtitles", srt+":en", out).CombinedOutput(); err != nil {
		t.Fatalf("smoothie pack: %v\n%s", err, b)
	}
	return out
}

// cueLine is a stats-json cue line.
type cueLine struct {
	T     float64 `json:"t_s"`
	Start float64 `json:"start_s"`
	End   float64 `json:"end_s"`
	Pos   float64 `json:"pos_s"`
	Drop  int     `json:"dropped"` // frames dropped between start_s and the one that drew it
	Text  string
}

func readCueLines(t *testing.T, path string) []cueLine {
	t.Helper()
	js, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []cueLine
	for _, l := range strings.Split(string(js), "\n") {
		if strings.Contains(l, `"type":"cue"`) {
			var c cueLine
			if err := json.Unmarshal([]byte(l), &c); err != nil {
				t.Fatal(err)
			}
			out = append(out, c)
		}
	}
	return out
}

// ocr reads the text of the bottom centre of a screenshot (where subtitles go)
// with tesseract (installed by make deps), inverted and enlarged: the subtitles'
// white on black read as dark on light.
func ocr(t *testing.T, shot string) string {
	t.Helper()
	crop := strings.TrimSuffix(shot, ".png") + "-sub.png"
	if b, err := exec.Command("convert", shot, "-gravity", "South", "-crop", "70%x20%+0+0", "+repage",
		"-colorspace", "Gray", "-negate", "-resize", "300%", crop).CombinedOutput(); err != nil {
		t.Fatalf("convert (ImageMagick): %v\n%s", err, b)
	}
	b, err := exec.Command("tesseract", crop, "stdout", "--psm", "6").Output()
	if err != nil {
		t.Fatalf("tesseract (installed by make deps): %v", err)
	}
	return strings.Join(strings.Fields(string(b)), " ")
}

// TestSubtitlesInTheWindow: a packed SRT played in the window under Xvfb. The X
// screen is photographed every 100 ms; the stats-json cue lines say when each cue
// went on screen (the session clock, which starts with the process, as the
// photographs' clock does, within the manifest's fetch). A photograph from the
// middle of the second cue, read back by OCR, holds its words; one from between
// its end and the next cue does not. Each cue went on screen with the first frame
// at or after its begin (its pos_s within one frame of start_s).
func TestSubtitlesInTheWindow(t *testing.T) {
	manifest := packSubtitled(t)
	disp := xvfbtest.Start(t)
	stats := filepath.Join(t.TempDir(), "stats.json")
	start := time.Now()
	done, out := playInWindow(t, disp, "--text", "en", "--for", "13s", "--stats-json", stats, manifest)
	type shot struct {
		at   time.Duration
		path string
	}
	var mu sync.Mutex
	var shots []shot
	dir := t.TempDir()
	stop := make(chan struct{})
	shooting := make(chan struct{})
	go func() {
		defer close(shooting)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			p := filepath.Join(dir, fmt.Sprintf("shot%03d.png", i))
			at := time.Since(start)
			if exec.Command("import", "-display", disp, "-window", "root", p).Run() == nil {
				mu.Lock()
				shots = append(shots, shot{at, p})
				mu.Unlock()
			}
		}
	}()
	err := <-done
	close(stop)
	<-shooting
	if err != nil {
		t.Fatalf("smoothie play: %v\n%s", err, out.String())
	}
	cues := readCueLines(t, stats)
	if len(cues) != 3 {
		t.Fatalf("%d cue lines, want 3\n%s", len(cues), out.String())
	}
	// A cue goes on screen with the first frame shown at or after its begin: within
	// one frame of it, and one more for each frame dropped since its begin (late,
	// on a loaded machine: a dropped frame draws nothing), which its line counts.
	const frame = 0.04 // 25 fps
	for i, c := range cues {
		slack := frame * float64(1+c.Drop)
		if d := c.Pos - c.Start; d < 0 || d > slack+0.001 {
			t.Errorf("cue %d on screen from the frame at %.3f s, %.3f s after its start: want the first frame shown at or after it (within %.3f s, %d frames dropped since)", i, c.Pos, d, slack, c.Drop)
		}
	}
	t.Logf("cue timing: pos − start %v s", cueDelays(cues))
	nearest := func(at float64) shot {
		best := shots[0]
		for _, s := range shots {
			if d, b := s.at.Seconds()-at, best.at.Seconds()-at; d*d < b*b {
				best = s
			}
		}
		return best
	}
	second := cues[1]
	dur := second.End - second.Start
	on := []shot{nearest(second.T + dur/3), nearest(second.T + 2*dur/3)}
	off := nearest(second.T + dur + (cues[2].Start-second.End)/2)
	// OCR over a moving picture misreads a letter here and there ("fraqment"): a
	// word counts as read when a word OCR read is within one edit of it, and the
	// cue as shown when the two photographs from its middle read 3 of its 4 long
	// words between them; after its end none may be read.
	words := []string{"Second", "across", "fragment", "boundary"}
	read := func(texts ...string) map[string]bool {
		got := map[string]bool{}
		for _, s := range texts {
			for _, tok := range strings.Fields(strings.ToLower(s)) {
				for _, w := range words {
					if editsWithin1(tok, strings.ToLower(w)) {
						got[w] = true
					}
				}
			}
		}
		return got
	}
	onText := []string{ocr(t, on[0].path), ocr(t, on[1].path)}
	offText := ocr(t, off.path)
	t.Logf("%d photographs; at %v and %v (in the cue) OCR read %q; at %v (between cues) %q", len(shots), on[0].at, on[1].at, onText, off.at, offText)
	if got := read(onText...); len(got) < 3 {
		t.Errorf("the photographs from the middle of cue %q read %d of %q: %q", second.Text, len(got), words, onText)
	}
	if got := read(offText); len(got) > 0 {
		t.Errorf("the photograph from after the cue's end (%v) still reads %v: %q", off.at, got, offText)
	}
	if t.Failed() {
		for _, s := range append(on, off) {
			keep := filepath.Join(os.TempDir(), "smoothie-subtitles-"+filepath.Base(s.path))
			if b, err := os.ReadFile(s.path); err == nil {
				os.WriteFile(keep, b, 0o644)
				t.Logf("kept %s", keep)
			}
		}
	}
}

// TestSubtitlesOnTerminalVideo: the same presentation on terminal video in tmux.
// Every 50 ms the pane is captured with the playhead the panel shows beside the
// picture: a cue's words are in the picture's rows whenever the playhead is well
// inside the cue, and never when it is well outside every cue ("well": by the
// panel's 250 ms refresh and a frame). A capture can catch a line half written:
// words missing from two captures in a row are a failure, from one alone not.
func TestSubtitlesOnTerminalVideo(t *testing.T) {
	manifest := packSubtitled(t)
	dir := t.TempDir()
	sock := filepath.Join(dir, "tmux.sock")
	cmd := fmt.Sprintf("%s play --video terminal --audio none --text en --for 13s %s; sleep 30", smoothie, manifest)
	tmux(t, sock, "new-session", "-d", "-s", "subs", "-x", "100", "-y", "30", cmd)
	t.Cleanup(func() { exec.Command("tmux", "-S", sock, "kill-server").Run() })
	want := []struct {
		begin, end float64
		words      string
	}{{1, 2.5, "Hello, subtitles"}, {4, 7, "across a fragment boundary"}, {11.2, 12.8, "Third"}}
	const margin = 0.35
	pos := regexp.MustCompile(`(playing|paused|stalled)\s+(\d+):(\d+\.\d)`)
	seenIn, missing, checked := make([]int, len(want)), make([]int, len(want)), 0
	for deadline := time.Now().Add(40 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		screen := tmux(t, sock, "capture-pane", "-p", "-t", "subs")
		if strings.Contains(screen, "ended") || strings.Contains(screen, "played ") {
			break
		}
		m := pos.FindStringSubmatch(screen)
		if m == nil {
			continue
		}
		min, _ := strconv.Atoi(m[2])
		sec, _ := strconv.ParseFloat(m[3], 64)
		p := float64(min)*60 + sec
		video := ""
		for _, l := range strings.Split(screen, "\n") {
			if strings.Contains(l, "▀") {
				video += l + "\n"
			}
		}
		for i, c := range want {
			has := strings.Contains(video, c.words)
			switch {
			case p > c.begin+margin && p < c.end-margin && !has:
				if missing[i]++; missing[i] >= 2 {
					t.Errorf("at %.1f s (inside cue %d, %.1f–%.1f s) the picture lacks %q:\n%s", p, i, c.begin, c.end, c.words, video)
				}
				continue
			case (p < c.begin-margin || p > c.end+margin) && has:
				t.Errorf("at %.1f s (outside cue %d, %.1f–%.1f s) the picture shows %q:\n%s", p, i, c.begin, c.end, c.words, video)
			case has:
				seenIn[i]++
			}
			missing[i] = 0
		}
		checked++
	}
	t.Logf("%d captures checked; each cue seen in %v of them", checked, seenIn)
	for i, n := range seenIn {
		if n == 0 {
			t.Errorf("cue %d (%q) never seen", i, want[i].words)
		}
	}
}

// editsWithin1 reports whether a and b differ by at most one edit (a letter
// changed, added or dropped), or b is a prefix of a word cut at its last letter.
func editsWithin1(a, b string) bool {
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	if len(ra)-len(rb) > 1 {
		return false
	}
	i, j, edits := 0, 0, 0
	for i < len(ra) && j < len(rb) {
		if ra[i] == rb[j] {
			i, j = i+1, j+1
			continue
		}
		if edits++; edits > 1 {
			return false
		}
		if len(ra) == len(rb) {
			i, j = i+1, j+1
		} else {
			i++
		}
	}
	return edits+(len(ra)-i)+(len(rb)-j) <= 1
}

// cueDelays is each cue's pos_s − start_s to the millisecond, and the frames
// dropped since its start.
func cueDelays(cues []cueLine) []string {
	out := make([]string, len(cues))
	for i, c := range cues {
		out[i] = fmt.Sprintf("%.3f (%d dropped)", c.Pos-c.Start, c.Drop)
	}
	return out
}
