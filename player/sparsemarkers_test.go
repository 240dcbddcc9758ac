package player

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestManifestMarkers: testdata/sparse/markers.ismc, whose sparse streams are IIS
// inline markers (Content elements, no fragments), played 2 s: each marker with a
// real time is a cue event when the playhead reaches it, on time (the chapter
// markers also Stats.Chapters); the command whose Time is a placeholder is listed
// in Stats.Sparse, never an event.
func TestManifestMarkers(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "sparse", "markers.ismc"))
	if err != nil {
		t.Fatal(err)
	}
	late := onTime(t)
	s, cues := playSparse(t, Config{URL: "http://sparse.test/p.ism/Manifest", Transport: newSparseOrigin(t, raw, false), PlayFor: 2 * time.Second}, nil)
	var got []string
	for _, c := range cues {
		t.Logf("%s at %v (playhead %v): %s", c.Kind, c.Start, c.Pos, c.Text)
		got = append(got, fmt.Sprintf("%s@%v %s", c.Kind, c.Start, c.Text))
		if d := c.Pos - c.Start; d < 0 || d > late {
			t.Errorf("%s cue at %v shown at playhead %v", c.Kind, c.Start, c.Pos)
		}
	}
	want := []string{"chapter@0s Opening", "data@500ms URL: http://ads.test/break?id=1", "chapter@1s The middle", "data@1.5s CAPTION: Hello"}
	if !slices.Equal(got, want) {
		t.Errorf("cue events %q, want %q", got, want)
	}
	st := s.Stats()
	lines := SparseTracks(st)
	t.Logf("%q, chapters %+v", lines, st.Chapters)
	if len(st.Chapters) != 2 || st.Chapters[1].Start != time.Second || st.Chapters[1].Title != "The middle" {
		t.Errorf("chapters %+v", st.Chapters)
	}
	if len(st.Sparse) != 2 || st.Sparse[0].Markers != 3 || st.Sparse[0].Marks != 2 || len(st.Sparse[0].Unplaced) != 1 || st.Sparse[0].Err != "" {
		t.Fatalf("sparse streams %+v", st.Sparse)
	}
	if !strings.Contains(lines[0], `without a time, not scheduled: "Some string: some string" at "REFERENCE_TIME"`) {
		t.Errorf("the placeholder marker not listed: %q", lines[0])
	}
}

// TestManifestMarkersEveryLap: a looped presentation's markers from the manifest
// come every lap: markers.ismc (4 s) started at 3 s (its fragment at 2 s) and
// played 2.7 s makes the
// second lap's chapter at 0 and command at 0.5 s events at 4 s and 4.5 s.
func TestManifestMarkersEveryLap(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "sparse", "markers.ismc"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{URL: "http://sparse.test/p.ism/Manifest", Transport: newSparseOrigin(t, raw, false), Start: 3 * time.Second, PlayFor: 2700 * time.Millisecond, Loop: true}
	_, cues := playSparse(t, cfg, nil)
	var got []string
	for _, c := range cues {
		if c.Start >= 2*time.Second { // the start's own chapter may be news (markLate)
			got = append(got, fmt.Sprintf("%s@%v", c.Kind, c.Start))
		}
	}
	if want := []string{"chapter@4s", "data@4.5s"}; !slices.Equal(got, want) {
		t.Errorf("cue events %v, want %v", got, want)
	}
}
