package player

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestChapterJumps: n goes to the next chapter's start, p to the start of the one
// the playhead is in, or the one before within chapterSlack of a start.
func TestChapterJumps(t *testing.T) {
	ch := []Chapter{{0, "a"}, {1500 * time.Millisecond, "b"}, {4 * time.Second, "c"}}
	for _, c := range []struct {
		pos        time.Duration
		next, prev time.Duration // -1: none
	}{
		{0, 1500 * time.Millisecond, -1},
		{time.Second, 1500 * time.Millisecond, -1},
		{1500 * time.Millisecond, 4 * time.Second, 0},
		{3 * time.Second, 4 * time.Second, 0},
		{3600 * time.Millisecond, 4 * time.Second, 1500 * time.Millisecond},
		{4 * time.Second, -1, 1500 * time.Millisecond},
		{7 * time.Second, -1, 4 * time.Second},
	} {
		n, okN := nextChapter(ch, c.pos)
		p, okP := prevChapter(ch, c.pos)
		if !okN {
			n.Start = -1
		}
		if !okP {
			p.Start = -1
		}
		if n.Start != c.next || p.Start != c.prev {
			t.Errorf("at %v: next %v prev %v, want %v %v", c.pos, n.Start, p.Start, c.next, c.prev)
		}
	}
}

// TestChapterSeek: n and p seek the session: from the start n goes to the chapter
// at 1.5 s, n n from there to 4 s (a jump already asked for counts as the
// playhead), p just after it back to 1.5 s.
func TestChapterSeek(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "sparse", "vod.ismc"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{URL: "http://sparse.test/p.ism/Manifest", Transport: newSparseOrigin(t, raw, false), PlayFor: 3 * time.Second}
	NullDecoders(&cfg)
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	events, stop := s.Subscribe(1024)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	waitFor := func(what string, ok func(Stats) bool) {
		for !ok(s.Stats()) {
			if ctx.Err() != nil {
				t.Fatalf("never %s", what)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	playingAt := func(pos time.Duration) func(Stats) bool {
		return func(st Stats) bool { return st.State == StatePlaying && st.Position >= pos }
	}
	waitFor("3 chapters while playing", func(st Stats) bool { return len(st.Chapters) == 3 && st.State == StatePlaying })
	s.NextChapter()
	waitFor("at 1.5 s", playingAt(1500*time.Millisecond))
	s.NextChapter()
	s.NextChapter() // beyond the last: nothing more
	waitFor("at 4 s", playingAt(4*time.Second))
	s.PrevChapter()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	var to []time.Duration
	for len(events) > 0 {
		if e, ok := (<-events).(SeekEvent); ok {
			to = append(to, e.To)
		}
	}
	if want := []time.Duration{1500 * time.Millisecond, 4 * time.Second, 1500 * time.Millisecond}; !slices.Equal(to, want) {
		t.Errorf("seeks to %v, want %v", to, want)
	}
}

// TestChaptersEveryLap: a looped presentation's chapters are cue events in every
// lap, as its SCTE-35 and data marks are: started at 6.5 s of the 8 s
// testdata/sparse/vod.ismc (past its last command and cue) and played 3.5 s, the second lap's chapters at 0 and
// 1.5 s are events at 8 s and 9.5 s on the position scale, between the command
// (8.5 s) and the splice_insert (9 s) of that lap, each on time; Stats.Chapters
// (the TUI's chapter marks) stay the presentation's three while Stats.Position
// (the TUI's playhead among them) counts within the lap. (Chapters used to be
// events in the first lap only, and a sparse stream with nothing ahead of the
// start in the first lap was read in none.)
func TestChaptersEveryLap(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "sparse", "vod.ismc"))
	if err != nil {
		t.Fatal(err)
	}
	late := onTime(t)
	o := newSparseOrigin(t, raw, false)
	cfg := Config{URL: "http://sparse.test/p.ism/Manifest", Transport: o, Start: 6500 * time.Millisecond, PlayFor: 3500 * time.Millisecond, Loop: true}
	s, cues := playSparse(t, cfg, nil)
	var got []string
	for _, c := range cues {
		t.Logf("%s at %v (playhead %v): %.30s", c.Kind, c.Start, c.Pos, c.Text)
		if c.Start < 6*time.Second {
			// The chapter at 4 s, the one the start (at the fragment start,
			// 6 s) is in: an event or not as it is read within markLate.
			continue
		}
		got = append(got, fmt.Sprintf("%s@%v", c.Kind, c.Start))
		if d := c.Pos - c.Start; d < 0 || d > late {
			t.Errorf("%s cue at %v shown at playhead %v", c.Kind, c.Start, c.Pos)
		}
	}
	want := []string{"chapter@8s", "data@8.5s", "scte35@9s", "chapter@9.5s"}
	if !slices.Equal(got, want) {
		t.Errorf("cue events %v, want %v", got, want)
	}
	st := s.Stats()
	t.Logf("loops %d, position %v, chapters %+v", st.Loops, st.Position, st.Chapters)
	if len(st.Chapters) != 3 || st.Chapters[0].Start != 0 || st.Chapters[1].Start != 1500*time.Millisecond {
		t.Errorf("chapters %+v, want the presentation's 3", st.Chapters)
	}
	if st.Loops != 1 || st.Position < time.Second || st.Position >= 4*time.Second {
		t.Errorf("after a lap: %d loops, position %v, want 1 and in the second lap's second chapter", st.Loops, st.Position)
	}
}
