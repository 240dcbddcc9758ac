package player

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// TestSparseMarks: testdata/sparse/vod.ismc played for 2.5 s makes a cue event of
// each mark its sparse streams carry as the playhead reaches it — chapters at 0
// and 1.5 s, the script command at 0.5 s, SCTE-35 (inline) at 1 s decoded to its
// splice_insert — within a frame of the mark, in the events and in stats-json; the
// chapters are all in Stats.Chapters from the start, and `n` jumps to the next.
func TestSparseMarks(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "sparse", "vod.ismc"))
	if err != nil {
		t.Fatal(err)
	}
	o := newSparseOrigin(t, raw, false)
	var js bytes.Buffer
	late := onTime(t)
	s, cues := playSparse(t, Config{URL: "http://sparse.test/p.ism/Manifest", Transport: o, PlayFor: 2500 * time.Millisecond, StatsJSON: &js}, nil)
	want := []struct {
		kind  string
		start time.Duration
		text  string
	}{
		{"chapter", 0, "Chapter at 0"},
		{"data", 500 * time.Millisecond, "command at 5000000"},
		{"scte35", time.Second, "splice_insert event 1207959695 out of network"},
		{"chapter", 1500 * time.Millisecond, "Chapter at 15000000"},
	}
	if len(cues) != len(want) {
		t.Fatalf("cue events %+v, want %d", cues, len(want))
	}
	for i, w := range want {
		c := cues[i]
		t.Logf("%s at %v (playhead %v): %s", c.Kind, c.Start, c.Pos, c.Text)
		if c.Kind != w.kind || c.Start != w.start || !strings.HasPrefix(c.Text, w.text) {
			t.Errorf("cue %d: %s at %v %q, want %s at %v %q…", i, c.Kind, c.Start, c.Text, w.kind, w.start, w.text)
		}
		// The session loop wakes at each mark: the playhead is there within a
		// scheduling delay.
		if d := c.Pos - c.Start; d < 0 || d > late {
			t.Errorf("cue %d at %v shown at playhead %v", i, c.Start, c.Pos)
		}
	}
	st := s.Stats()
	if len(st.Chapters) != 3 || st.Chapters[2].Start != 4*time.Second || st.Chapters[2].Title != "Chapter at 40000000" {
		t.Errorf("chapters %+v, want the 3 of the manifest", st.Chapters)
	}
	var line struct {
		Type, Kind, Text string
		Start            *float64 `json:"start_s"`
		Pos              *float64 `json:"pos_s"`
	}
	found := false
	for _, l := range strings.Split(js.String(), "\n") {
		if json.Unmarshal([]byte(l), &line) == nil && line.Type == "cue" && line.Kind == "scte35" {
			found = line.Start != nil && *line.Start == 1 && line.Pos != nil && strings.Contains(line.Text, "splice_insert")
		}
	}
	if !found {
		t.Errorf("no scte35 cue line in stats-json:\n%s", js.String())
	}
}

// TestDecodeMark: each kind of sparse sample to its mark's kind and text, and the
// samples that make none.
func TestDecodeMark(t *testing.T) {
	si, _ := base64Decode(spliceInsert)
	for _, c := range []struct {
		kind string
		in   []byte
		want string // kind: text prefix; "" an error
	}{
		{markSCTE35, si, "scte35: splice_insert event 1207959695"},
		{markData, si, "scte35: splice_insert event 1207959695"},
		{markData, append([]byte{1, 0, 0, 0}, si...), "scte35: splice_insert"},
		{markSCTE35, []byte("no section"), ""},
		{markSCTE35, nil, ""},
		{markChapter, []byte("  Opening\n titles "), "chapter: Opening titles"},
		{markChapter, []byte(`<tt xmlns="http://www.w3.org/ns/ttml"><body><div><p begin="0s" end="1s">The end</p></div></body></tt>`), "chapter: The end"},
		{markData, []byte("ad=start;id=7"), "data: ad=start;id=7"},
		{markData, []byte{0, 1, 2, 0xff}, "data: 4 bytes: 000102ff…"},
		{markData, []byte(" \n"), ""},
		{markData, []byte(strings.Repeat("x", 500)), "data: " + strings.Repeat("x", maxMarkText) + "…"},
	} {
		k, text, err := decodeMark(c.kind, c.in)
		got := k + ": " + text
		if err != nil {
			got = ""
		}
		if c.want == "" && err == nil || c.want != "" && !strings.HasPrefix(got, c.want) {
			t.Errorf("%s %q: %q (%v), want %q", c.kind, c.in, got, err, c.want)
		}
	}
}

func base64Decode(s string) ([]byte, error) { return base64.StdEncoding.DecodeString(s) }

// TestChaptersReadOnce: chapters are read all at once, not held to the buffer
// target, and so once: a looped presentation does not read them lap after lap
// (which, unheld, would never end).
func TestChaptersReadOnce(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "sparse", "vod.ismc"))
	if err != nil {
		t.Fatal(err)
	}
	o := newSparseOrigin(t, raw, false)
	s, _ := playSparse(t, Config{URL: "http://sparse.test/p.ism/Manifest", Transport: o, PlayFor: time.Second, Loop: true, BufferTarget: 2 * time.Second}, nil)
	o.mu.Lock()
	defer o.mu.Unlock()
	// Within a second of a 2 s buffer target: every chapter (to 4 s), the first
	// command only (at 0.5 s; the next is at 4.5 s).
	if o.asked["chapters"] != 3 || o.asked["commands"] != 1 {
		t.Errorf("requests %v, want the 3 chapters once and the command within the buffer target", o.asked)
	}
	if st := s.Stats(); len(st.Chapters) != 3 {
		t.Errorf("chapters %+v", st.Chapters)
	}
}

// onTime is how late after a mark a cue event may come: 100 ms (two and a half
// frames at 25 fps) above the worst lateness of a 5 ms timer on this machine now,
// ten times over (a loaded machine wakes the session loop late too).
func onTime(t *testing.T) time.Duration {
	worst := time.Duration(0)
	for range 20 {
		t0 := time.Now()
		time.Sleep(5 * time.Millisecond)
		worst = max(worst, time.Since(t0)-5*time.Millisecond)
	}
	t.Logf("timer lateness floor %v", worst)
	return 100*time.Millisecond + 10*worst
}

// TestSparseUnavailable: a sparse stream whose every fragment fails is retried on
// its own, then shown unavailable after 3 lost in a row and asked for no more; the
// media play on without a stall or a gap.
func TestSparseUnavailable(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "sparse", "vod.ismc"))
	if err != nil {
		t.Fatal(err)
	}
	o := newSparseOrigin(t, raw, false)
	o.fail = map[string]int{"chapters": http.StatusInternalServerError}
	cfg := Config{URL: "http://sparse.test/p.ism/Manifest", Transport: o, PlayFor: 1500 * time.Millisecond,
		Retries: 1, RetryBase: 10 * time.Millisecond, RetryMax: 20 * time.Millisecond}
	s, _ := playSparse(t, cfg, nil)
	st := s.Stats()
	o.mu.Lock()
	asked := o.asked["chapters"]
	o.mu.Unlock()
	t.Logf("%d chapter requests; %v; %d errors, %d gaps, %d stalls", asked, SparseTracks(st), st.Errors, st.Gaps, st.Stalls)
	if e := st.Sparse[0]; e.Name != "chapters" || !strings.HasPrefix(e.Err, "unavailable: ") || e.Marks != 0 {
		t.Errorf("chapters %+v, want unavailable", e)
	}
	// Each of the 3 fragments: the request and its retry, at least (the loader
	// may also try a level lower: there is none).
	if asked < 6 || asked > 9 {
		t.Errorf("%d chapter requests, want the 3 fragments with their retries", asked)
	}
	if st.Stalls != 0 || st.Gaps != 0 || st.Played < cfg.PlayFor || len(st.Chapters) != 0 {
		t.Errorf("played %v with %d stalls, %d gaps, chapters %v", st.Played, st.Stalls, st.Gaps, st.Chapters)
	}
}

// OnTime is onTime for the package's external tests.
var OnTime = onTime

// TestMarksBounded: a session holds at most maxMarks marks; a stream that would
// make more stops being read there, with one error naming it.
func TestMarksBounded(t *testing.T) {
	s := &Session{cfg: Config{Logf: func(string, ...any) {}, Clock: SystemClock{}}, events: newFanout(), rec: newRecorder(nil, false)}
	tr := &track{name: "chapters", marks: markChapter, buf: newSampleBuffer(0)}
	s.sparse = []*track{tr}
	s.st.Sparse = []SparseTrack{{Name: "chapters"}}
	for i := range maxMarks + 10 {
		tr.buf.push(chunk{samples: []media.Sample{{Time: uint64(i), Duration: 1, Timescale: 1000, Data: []byte("c")}}, end: time.Duration(i+1) * time.Millisecond}, time.Duration(i+1)*time.Millisecond)
	}
	tr.buf.finish()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s.readSparse(ctx, tr)
	if len(s.marks) != maxMarks || s.st.Errors != 1 || !strings.Contains(s.st.LastError, `chapter stream "chapters": more than 4096 marks`) {
		t.Errorf("%d marks, %d errors (%s)", len(s.marks), s.st.Errors, s.st.LastError)
	}
}
