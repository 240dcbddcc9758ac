package tui

import (
	"reflect"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// TestMouseClickPinsTheRowClicked: a left click on the screen row where a level is
// drawn pins that level, at 80x24 and 160x48 (the ladder sits differently); the
// wheel moves the selection; clicks beside the ladder do nothing.
func TestMouseClickPinsTheRowClicked(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		f := &fakeController{st: playingStats()}
		var m tea.Model = New(f, testOptions)
		m, _ = m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		m, _ = m.Update(statsMsg(playingStats()))
		row := -1
		for i, l := range strings.Split(m.View(), "\n") {
			if strings.Contains(l, "480x270") { // level 2
				row = i
			}
		}
		if row < 0 {
			t.Fatalf("%v: level 2 not on the screen:\n%s", size, m.View())
		}
		click := func(x, y int, b tea.MouseButton) {
			m, _ = m.Update(tea.MouseMsg{X: x, Y: y, Action: tea.MouseActionPress, Button: b})
		}
		click(size[0]-2, row, tea.MouseButtonLeft) // the charts' column: nothing
		click(4, row, tea.MouseButtonLeft)
		if !strings.Contains(m.View(), "pinned 2") {
			t.Errorf("%v: the click's pin does not show:\n%s", size, m.View())
		}
		click(4, row, tea.MouseButtonWheelUp)
		click(4, row, tea.MouseButtonWheelUp)
		if got := m.(Model).cursor; got != 4 {
			t.Errorf("%v: cursor %d after two wheel-ups from level 2, want 4", size, got)
		}
		click(4, 0, tea.MouseButtonLeft) // the title: nothing
		if want := []string{"SetQuality 2"}; !reflect.DeepEqual(f.Calls(), want) {
			t.Errorf("%v: calls %q, want %q", size, f.Calls(), want)
		}
	}
}
