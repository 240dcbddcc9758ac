package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/smoothie-player/smoothie/player"
)

// ladderRows is the window of ladder rows shown: the level on the first row (the
// highest shown) and how many rows there are for levels. It keeps the cursor
// visible when the ladder is longer than the rows.
func (m Model) ladderRows(l layout) (hi, rows int) {
	rows = l.top - 1
	if m.st.Audio.Active {
		rows--
	}
	n := len(m.st.Video.Levels)
	hi = n
	if n > rows && m.cursor > 0 {
		hi = min(max(m.cursor+rows/2, rows), n)
	}
	return hi, rows
}

// levelAt is the ladder level drawn at screen cell (x, y), 0 for none.
func (m Model) levelAt(x, y int) int {
	if m.opt.Video != nil || m.fullHelp { // the compact panel has no ladder rows
		return 0
	}
	l := m.layout()
	if x >= l.left {
		return 0
	}
	// The ladder's head comes after the header and a blank line; levels follow it,
	// highest first.
	row := y - len(m.header(l)) - 1 - 1
	hi, rows := m.ladderRows(l)
	if row < 0 || row >= rows || hi-row < 1 {
		return 0
	}
	return hi - row
}

// mouse handles the mouse: a left click on a ladder row selects and pins that level
// (as ↑/↓ and enter would); the wheel over the ladder moves the selection.
func (m Model) mouse(e tea.MouseMsg) (tea.Model, tea.Cmd) {
	lv := m.levelAt(e.X, e.Y)
	if lv == 0 {
		return m, nil
	}
	switch {
	case e.Action == tea.MouseActionPress && e.Button == tea.MouseButtonLeft:
		m.cursor, m.moved, m.focus = lv, true, focusLadder
		return m.setPin(player.Quality{Level: lv})
	case e.Action == tea.MouseActionPress && e.Button == tea.MouseButtonWheelUp:
		m.cursor, m.moved = min(m.cursor+1, len(m.st.Video.Levels)), true
	case e.Action == tea.MouseActionPress && e.Button == tea.MouseButtonWheelDown:
		m.cursor, m.moved = max(m.cursor-1, 1), true
	}
	return m, nil
}
