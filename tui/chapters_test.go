package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/player"
)

// TestChapterBar: the marks sit where the chapters start on the duration's scale
// (8 cells of 15 s here), the playhead over them; nothing without chapters or a
// duration.
func TestChapterBar(t *testing.T) {
	ch := []player.Chapter{{Start: 0, Title: "Opening"}, {Start: 30 * time.Second, Title: "Middle"}, {Start: 90 * time.Second}}
	for _, c := range []struct {
		pos, dur time.Duration
		bar, at  string
	}{
		{10 * time.Second, 120 * time.Second, "[●─◆───◆─]", "ch 1/3 Opening"},
		{30 * time.Second, 120 * time.Second, "[◆─●───◆─]", "ch 2/3 Middle"},
		{100 * time.Second, 120 * time.Second, "[◆─◆───●─]", "ch 3/3"},
		{10 * time.Second, 0, "", "ch 1/3 Opening"},
	} {
		if got := chapterBar(ch, c.pos, c.dur, 8); got != c.bar {
			t.Errorf("at %v of %v: bar %q, want %q", c.pos, c.dur, got, c.bar)
		}
		if got := chapterAt(ch, c.pos); got != c.at {
			t.Errorf("at %v: %q, want %q", c.pos, got, c.at)
		}
	}
	if chapterBar(nil, 0, time.Minute, 8) != "" || chapterAt(nil, 0) != "" {
		t.Error("a bar without chapters")
	}
}

// TestChapterPanel: with chapters the state line carries the bar and the chapter,
// the help bar p and n (which seek through the controller), and sparse cues go to
// the log beside the ABR decisions.
func TestChapterPanel(t *testing.T) {
	f := &fakeController{}
	m := New(f, Options{})
	m.width, m.height = 140, 40
	if v := m.View(); strings.Contains(v, "next chapter") {
		t.Errorf("help names chapters before there are any:\n%s", v)
	}
	m.setStats(player.Stats{State: player.StatePlaying, Position: 40 * time.Second, Duration: 120 * time.Second,
		Chapters: []player.Chapter{{Start: 0, Title: "Opening"}, {Start: 30 * time.Second, Title: "Middle"}}})
	m.event(player.CueEvent{At: player.At(41 * time.Second), Kind: "scte35", Start: 41 * time.Second, Pos: 41 * time.Second, Text: "splice_insert event 7"})
	v := m.View()
	for _, want := range []string{"ch 2/2 Middle", "◆", "●", "p prev chapter", "n next chapter", "scte35", "splice_insert event 7"} {
		if !strings.Contains(v, want) {
			t.Errorf("no %q in the panel:\n%s", want, v)
		}
	}
	m.command(m.keys.action(runes("n")))
	m.command(m.keys.action(runes("p")))
	if c := f.Calls(); len(c) != 2 || c[0] != "NextChapter" || c[1] != "PrevChapter" {
		t.Errorf("calls %q, want NextChapter, PrevChapter", c)
	}
}
