package tui

import (
	"slices"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smoothie-player/smoothie/tui/keymap"
)

// namedKeys are the special keys of keymap.Table as bubbletea types them.
var namedKeys = map[string]tea.KeyType{
	"space": tea.KeySpace, "left": tea.KeyLeft, "right": tea.KeyRight, "up": tea.KeyUp,
	"down": tea.KeyDown, "enter": tea.KeyEnter, "tab": tea.KeyTab,
}

// keyMsg turns a key pressed elsewhere (render/window's names: "space", "left",
// "enter", …, or the character typed) into the key the panel handles, so the window
// and the terminal answer the same keys (keymap.Table). A key only the window has
// for an action (esc: quit) becomes the panel's own for it (q). ok is false for
// keys the panel has no use for.
func keyMsg(name string) (tea.KeyMsg, bool) {
	b := keymap.Of(keymap.Window(name))
	if len(b.Keys) == 0 {
		return tea.KeyMsg{}, false // no action, or the window's own (f)
	}
	if !slices.Contains(b.Keys, name) {
		name = b.Keys[0]
	}
	if t, ok := namedKeys[name]; ok {
		return tea.KeyMsg{Type: t}, true
	}
	r := []rune(name)
	if len(r) != 1 {
		return tea.KeyMsg{}, false
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: r}, true
}
