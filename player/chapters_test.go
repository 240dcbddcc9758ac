package player

import (
	"context"
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
