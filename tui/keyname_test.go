package tui

import (
	"context"
	"io"
	"reflect"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/tui/keymap"
)

// TestWindowKeys: keys pressed in the video window reach Run's panel by name and do
// what the same keys do on the terminal: the ladder cursor, enter to pin, 0 back to
// auto, esc quits.
func TestWindowKeys(t *testing.T) {
	f := &fakeController{st: playingStats()}
	keys := make(chan string, 16)
	opt := testOptions
	opt.Keys = keys
	opt.Interval = 10 * time.Millisecond
	in, inw := io.Pipe() // a terminal nobody types on
	defer inw.Close()
	events := make(chan player.Event)
	done := make(chan error, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	go func() { done <- Run(ctx, f, events, opt, in, io.Discard) }()
	// A second poll is asked for only once the first snapshot is in: the ladder is
	// there for the cursor to move in.
	for f.polled() < 2 && ctx.Err() == nil {
		time.Sleep(5 * time.Millisecond)
	}
	for _, k := range []string{"space", "3", "up", "enter", "0", "m", "F5", "esc"} {
		keys <- k
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-ctx.Done():
		t.Fatal("esc from the window did not end the panel")
	}
	want := []string{"TogglePause", "SetQuality 3", "SetQuality 4", "SetQuality auto", "SetMuted true"}
	if got := f.Calls(); !reflect.DeepEqual(got, want) {
		t.Errorf("calls\n got %q\nwant %q", got, want)
	}
}

// windowNames are the names render/window forwards special keys by (its keyName);
// other keys come as the character typed.
var windowNames = []string{"space", "left", "right", "up", "down", "esc", "enter", "tab", "backspace",
	"home", "end", "pgup", "pgdown", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12"}

// TestSameKeysEverywhere: every key the window sends (a name or a printable
// character) does in the panel what it does in the window (keymap.Window), but for
// the window's own keys (f), which the panel has no use for; and the same keys
// typed on the terminal do the same.
func TestSameKeysEverywhere(t *testing.T) {
	m := New(&fakeController{}, Options{Video: &fakeVideo{}})
	m.setStats(player.Stats{Chapters: []player.Chapter{{Title: "one"}}}) // every binding enabled
	names := append([]string{}, windowNames...)
	for c := '!'; c <= '~'; c++ {
		names = append(names, string(c))
	}
	for _, name := range names {
		want := keymap.Window(name)
		if len(keymap.Of(want).Keys) == 0 {
			want = keymap.None // the window's own
		}
		got := keymap.None
		if k, ok := keyMsg(name); ok {
			got = m.keys.action(k)
		}
		if got != want {
			t.Errorf("%q: the panel does %d, the window %d", name, got, want)
		}
	}
	for _, c := range []struct {
		k    tea.KeyMsg
		want keymap.Action
	}{
		{tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}, keymap.Pause}, {runes(" "), keymap.Pause},
		{tea.KeyMsg{Type: tea.KeyLeft}, keymap.SeekBack}, {tea.KeyMsg{Type: tea.KeyRight}, keymap.SeekForward},
		{tea.KeyMsg{Type: tea.KeyUp}, keymap.Up}, {tea.KeyMsg{Type: tea.KeyDown}, keymap.Down},
		{tea.KeyMsg{Type: tea.KeyEnter}, keymap.Pin}, {tea.KeyMsg{Type: tea.KeyTab}, keymap.Log},
		{tea.KeyMsg{Type: tea.KeyCtrlC}, keymap.Quit}, {tea.KeyMsg{Type: tea.KeyEsc}, keymap.None},
		{runes("s"), keymap.Stats}, {runes("v"), keymap.Stats},
		{runes("p"), keymap.PrevChapter}, {runes("n"), keymap.NextChapter}, {runes("c"), keymap.Text},
	} {
		if got := m.keys.action(c.k); got != c.want {
			t.Errorf("%q typed on the terminal does %d, want %d", c.k.String(), got, c.want)
		}
	}
}

// TestHelpFromTable: the help bar and the full help show every entry of the table
// the panel has keys for, in its order and columns.
func TestHelpFromTable(t *testing.T) {
	m := New(&fakeController{}, Options{Video: &fakeVideo{}})
	bar, full := m.keys.ShortHelp(), m.keys.FullHelp()
	i, n := 0, 0
	for _, b := range keymap.Table {
		if len(b.Keys) == 0 {
			continue
		}
		if h := bar[i].Help(); h.Key != b.HelpKey || h.Desc != b.Help {
			t.Errorf("help bar entry %d: %q %q, want %q %q", i, h.Key, h.Desc, b.HelpKey, b.Help)
		}
		found := false
		for _, f := range full[b.Column] {
			found = found || f.Help().Key+" "+f.Help().Desc == b.Entry()
		}
		if !found {
			t.Errorf("full help column %d lacks %q", b.Column, b.Entry())
		}
		i++
	}
	for _, c := range full {
		n += len(c)
	}
	if i != len(bar) || i != n {
		t.Errorf("%d bindings in the table, %d in the help bar, %d in the full help", i, len(bar), n)
	}
}
