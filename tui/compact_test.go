package tui

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/smoothie-player/smoothie/render/term"
)

// TestTerminalVideo: with terminal video the screen is the video's rows (left
// blank for it) over a compact panel; v hides the panel down to one status line
// and gives the video the rows, and each change is followed by a full repaint.
func TestTerminalVideo(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			video := &fakeVideo{}
			opt := testOptions
			opt.Video = video
			st := playingStats()
			hist := history(st)
			f := &fakeController{st: hist[0]}
			tm := teatest.NewTestModel(t, New(f, opt), teatest.WithInitialTermSize(w, h))
			for _, s := range hist[1:] {
				tm.Send(statsMsg(s))
			}
			for _, e := range switches() {
				tm.Send(eventMsg{e})
			}
			wait := func(cond func() bool, what string) {
				t.Helper()
				for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
					if time.Now().After(deadline) {
						regions, repaints := video.state()
						t.Fatalf("%s: regions %v, %d repaints", what, regions, repaints)
					}
				}
			}
			wait(func() bool { _, n := video.state(); return n >= 1 }, "a region and a repaint at start")
			tm.Send(runes("v"))
			wait(func() bool { r, n := video.state(); return len(r) >= 2 && n >= 2 }, "v: the whole screen but a row")
			tm.Send(runes("v"))
			wait(func() bool { r, n := video.state(); return len(r) >= 3 && n >= 3 }, "v again: the panel back")
			tm.Send(runes("3"))
			if err := tm.Quit(); err != nil {
				t.Fatal(err)
			}
			m := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
			regions, _ := video.state()
			small, full := term.Rect{W: w, H: h - compactRows}, term.Rect{W: w, H: h - 1}
			if want := []term.Rect{small, full, small}; !reflect.DeepEqual(regions, want) {
				t.Errorf("regions %v, want %v", regions, want)
			}
			if calls := f.Calls(); !reflect.DeepEqual(calls, []string{"SetQuality 3"}) {
				t.Errorf("calls %q: the keys still command the session", calls)
			}
			view := m.View()
			checkSize(t, view, w, h)
			lines := strings.Split(view, "\n")
			for i, l := range lines[:h-compactRows] {
				if l != "" {
					t.Fatalf("video row %d is not left blank: %q", i, l)
				}
			}
			golden.RequireEqual(t, []byte(strings.Join(lines[h-compactRows:], "\n")))
			m.fullHelp = true
			help := m.View()
			checkSize(t, help, w, h)
			if !strings.Contains(help, "v panel") || !strings.Contains(help, "enter pin") {
				t.Errorf("? does not show the keys in the compact panel:\n%s", help)
			}
			m.fullHelp = false
			m.panelHidden = true
			hidden := m.View()
			checkSize(t, hidden, w, h)
			if last := hidden[strings.LastIndex(hidden, "\n")+1:]; !strings.Contains(last, "▶ playing") || !strings.Contains(last, "v panel") {
				t.Errorf("the status line with the panel hidden: %q", last)
			}
		})
	}
}

// TestPanelKeyOnlyWithVideo: v does nothing and is not in the help without terminal video.
func TestPanelKeyOnlyWithVideo(t *testing.T) {
	var m tea.Model = New(&fakeController{st: playingStats()}, testOptions)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	m, _ = m.Update(statsMsg(playingStats()))
	before := m.View()
	m, cmd := m.Update(runes("v"))
	if cmd != nil || m.View() != before || strings.Contains(before, "v panel") {
		t.Errorf("v without terminal video changed the screen or is in the help:\n%s", m.View())
	}
}

// TestCompactRuleCarriesTheURL: the panel's first row names the stream; a URL too
// long for the terminal is cut with … and the row keeps its width.
func TestCompactRuleCarriesTheURL(t *testing.T) {
	opt := testOptions
	opt.URL = "http://origin.example.com/some/long/path/to/a/presentation/that/goes/on.ism/Manifest"
	m := New(&fakeController{}, opt)
	for _, w := range []int{40, 200} {
		r := ansi.Strip(m.compactRule(w))
		if ansi.StringWidth(r) != w || !strings.Contains(r, "smoothie") || !strings.HasPrefix(r, "──") || !strings.HasSuffix(r, "─") {
			t.Errorf("width %d: %q (%d cells)", w, r, ansi.StringWidth(r))
		}
		if whole := strings.Contains(r, opt.URL); whole != (w == 200) || (!whole && !strings.Contains(r, "http://origin.example.com/…"[:20])) || (!whole && !strings.Contains(r, "…")) {
			t.Errorf("width %d: the URL in %q", w, r)
		}
	}
}

// TestStatsKeyWithoutVideo: with Options.Stats (play's window overlay) and no
// terminal video, s and v call it, and the help bar shows the key.
func TestStatsKeyWithoutVideo(t *testing.T) {
	opt := testOptions
	calls := 0
	opt.Stats = func() { calls++ }
	var m tea.Model = New(&fakeController{st: playingStats()}, opt)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	m, _ = m.Update(statsMsg(playingStats()))
	m, _ = m.Update(runes("s"))
	m, _ = m.Update(runes("v"))
	if calls != 2 || !strings.Contains(m.View(), "s panel") {
		t.Errorf("Stats called %d times, want 2; help bar:\n%s", calls, m.View())
	}
}
