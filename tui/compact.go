package tui

import (
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/render/term"
	"github.com/smoothie-player/smoothie/tui/keymap"
)

// compactRows is the height of the panel under terminal video: a rule, the state,
// the ladder, the figures, the newest decision, the notice and the help bar.
const compactRows = 7

// videoRegion is where the terminal video goes for the panel's size and mode:
// above the compact panel, or all but the last row with the panel hidden (s/v).
func (m Model) videoRegion() term.Rect {
	w, h := max(m.width, 1), max(m.height, 1)
	if m.panelHidden {
		return term.Rect{W: w, H: max(h-1, 1)}
	}
	return term.Rect{W: w, H: max(h-compactRows, 1)}
}

// repaintMsg asks the video for a full redraw once the panel has drawn its new layout.
type repaintMsg struct{}

// repaintAfter is how long after a layout change the video is redrawn whole: longer
// than the renderer's frame (1/60 s), so that its blank rows are written first.
const repaintAfter = 100 * time.Millisecond

// placeVideo gives the video its region when that changed, and a full redraw
// once the renderer has drawn the new layout.
func (m *Model) placeVideo() tea.Cmd {
	if m.opt.Video == nil {
		return nil
	}
	r := m.videoRegion()
	if r == m.placed {
		return nil
	}
	m.placed = r
	m.opt.Video.SetRegion(r)
	return tea.Tick(repaintAfter, func(time.Time) tea.Msg { return repaintMsg{} })
}

// compactView is the screen with terminal video: blank rows the video sink draws
// over (the renderer leaves unchanged rows alone), then the compact panel, or one
// status line with the panel hidden.
func (m Model) compactView() string {
	r := m.videoRegion()
	lines := make([]string, r.H, max(m.height, r.H+1))
	if m.panelHidden {
		lines = append(lines, m.statusLine())
	} else {
		lines = append(lines, m.compactPanel()...)
	}
	return m.fit(lines)
}

// statusLine is the one line left with the panel hidden.
func (m Model) statusLine() string {
	s, st := m.styles, m.st
	parts := m.state(m.layout())
	if lv := st.Video.Level; lv > 0 {
		parts = append(parts, fmt.Sprintf("L%d %s", lv, player.FormatBitrate(st.Video.Bitrate)))
	}
	parts = append(parts, s.Dim.Render(keymap.Of(keymap.Stats).Entry()+" · "+keymap.Of(keymap.Quit).Entry()))
	return strings.Join(parts, "   ")
}

func (m Model) compactPanel() []string {
	s, st := m.styles, m.st
	l := m.layout()
	l.logRows = 1
	out := []string{m.compactRule(l.w)}
	if m.fullHelp { // ? shows every key in the panel's rows
		keys := strings.Split(m.help.FullHelpView(m.keys.FullHelp()), "\n")
		out = append(out, keys[:min(len(keys), compactRows-1)]...)
		for len(out) < compactRows {
			out = append(out, "")
		}
		return out
	}
	out = append(out, m.header(l)[1], m.ladderLine())
	dec := "dec –"
	if v := st.Video; v.DecodeTime > 0 && v.FrameDuration > 0 {
		dec = fmt.Sprintf("dec %.1f/%.0fms", v.DecodeTime.Seconds()*1000, v.FrameDuration.Seconds()*1000)
	}
	bat := "bat ?"
	if p := st.Power; p.Known {
		bat = fmt.Sprintf("bat %.0f%%", p.Level*100)
		if p.Charging {
			bat += " chg"
		}
	}
	out = append(out, strings.Join([]string{
		"tput " + s.Throughput.Render(player.FormatBitrate(st.Throughput)) + " sel " + s.Selected.Render(player.FormatBitrate(st.Video.DownloadBitrate)),
		fmt.Sprintf("buf %.0f/%.0fs", st.Video.Buffer.Seconds(), st.Audio.Buffer.Seconds()),
		dec, fmt.Sprintf("drop %d", st.FramesDropped), m.cpu(), bat,
	}, " · "))
	if log := m.decisions(l); len(log) > 1 {
		out = append(out, log[1])
	} else {
		out = append(out, s.Dim.Render("no switches yet"))
	}
	return append(out, m.noticeLine(), m.help.ShortHelpView(m.keys.ShortHelp()))
}

// compactRule is the panel's first row: a rule carrying the title and the URL (cut
// with … when the terminal is narrow).
func (m Model) compactRule(w int) string {
	s := m.styles
	head := s.Dim.Render("── ") + s.Title.Render("smoothie") + " "
	url := ansi.Truncate(m.opt.URL, max(w-lipgloss.Width(head)-4, 1), "…")
	line := head + s.URL.Render(url) + " "
	return line + s.Dim.Render(strings.Repeat("─", max(w-lipgloss.Width(line), 0)))
}

// ladderLine is the ladder on one line, lowest first: the level playing ▶, the one
// downloading ↓, the pin, ⊘ above a cap and the cursor in brackets.
func (m Model) ladderLine() string {
	if st := m.st.Stream; st != nil {
		return m.styles.Section.Render("Source") + " " + st.Line()
	}
	s, v := m.styles, m.st.Video
	pinIdx := pinLevel(m.pinned(), v.Levels)
	parts := []string{s.Section.Render("Video")}
	for i, lvl := range v.Levels {
		lv := i + 1
		c := fmt.Sprintf("%d %s", lv, player.FormatBitrate(lvl.Bitrate))
		if lv == v.Level {
			c += "▶"
		}
		if lv == v.DownloadLevel {
			c += "↓"
		}
		switch {
		case lv == v.Level:
			c = s.PlayingLevel.Render(c)
		case capsAbove(lv, v.Caps) != "":
			c = s.Dim.Render(c) + s.Capped.Render("⊘")
		}
		if lv == pinIdx {
			c += s.Pinned.Render("•pin")
		}
		if lv == m.cursor {
			c = "[" + c + "]"
		}
		parts = append(parts, c)
	}
	if cl, why := v.CapLevel(); cl > 0 {
		parts = append(parts, s.Capped.Render(fmt.Sprintf("≤%d %s", cl, why)))
	}
	return strings.Join(parts, " ")
}
