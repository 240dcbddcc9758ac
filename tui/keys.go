package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/smoothie-player/smoothie/tui/keymap"
)

// keyMap is the panel's share of keymap.Table as bubbles bindings: they match the
// keys typed and feed the help bar and the full help.
type keyMap struct {
	actions []keymap.Action
	// binds[i] is actions[i]'s binding, with the help bar's entry; full[i] the same
	// with the full help's (every key).
	binds, full []key.Binding
}

// defaultKeys binds every action of the table that has keys in the panel; the
// Stats binding starts disabled (New enables it with terminal video or Options.Stats).
func defaultKeys() keyMap {
	var m keyMap
	for _, b := range keymap.Table {
		if len(b.Keys) == 0 {
			continue // the window's own
		}
		keys := make([]string, len(b.Keys))
		for i, k := range b.Keys {
			keys[i] = teaName(k)
		}
		m.actions = append(m.actions, b.Action)
		m.binds = append(m.binds, key.NewBinding(key.WithKeys(keys...), key.WithHelp(b.HelpKey, b.Help)))
		m.full = append(m.full, key.NewBinding(key.WithKeys(keys...), key.WithHelp(b.KeyNames(), b.Help)))
	}
	m.setEnabled(keymap.Stats, false)
	m.setEnabled(keymap.PrevChapter, false) // until the presentation has chapters
	m.setEnabled(keymap.NextChapter, false)
	return m
}

// teaName is bubbletea's name of a key as keymap names it.
func teaName(k string) string {
	if k == "space" {
		return " "
	}
	return k
}

// setEnabled turns an action's binding on or off (off: unmatched and not in the help).
func (m *keyMap) setEnabled(a keymap.Action, on bool) {
	for i := range m.binds {
		if m.actions[i] == a {
			m.binds[i].SetEnabled(on)
			m.full[i].SetEnabled(on)
		}
	}
}

// action is what the key typed does in the panel (keymap.None: nothing).
func (m keyMap) action(k tea.KeyMsg) keymap.Action {
	for i, b := range m.binds {
		if key.Matches(k, b) {
			return m.actions[i]
		}
	}
	return keymap.None
}

// ShortHelp is the help bar.
func (m keyMap) ShortHelp() []key.Binding { return m.binds }

// FullHelp is the ? screen: the table's columns.
func (m keyMap) FullHelp() [][]key.Binding {
	cols := make([][]key.Binding, 4)
	for i, b := range m.full {
		c := keymap.Of(m.actions[i]).Column
		cols[c] = append(cols[c], b)
	}
	return cols
}
