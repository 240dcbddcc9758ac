package tui

import (
	tea "github.com/charmbracelet/bubbletea"
)

// namedKeys are the special keys other inputs (the video window) name.
var namedKeys = map[string]tea.KeyType{
	"space": tea.KeySpace, "left": tea.KeyLeft, "right": tea.KeyRight, "up": tea.KeyUp,
	"down": tea.KeyDown, "enter": tea.KeyEnter, "tab": tea.KeyTab, "backspace": tea.KeyBackspace,
	"home": tea.KeyHome, "end": tea.KeyEnd, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
}

// keyMsg turns a key pressed elsewhere (render/window's names: "space", "left",
// "enter", …, or the character typed) into the key the panel handles, so the window
// and the terminal answer the same keys. The window's own conventions map onto the
// panel's: esc quits, 0 returns to automatic quality. ok is false for names the
// panel has no use for.
func keyMsg(name string) (tea.KeyMsg, bool) {
	if t, ok := namedKeys[name]; ok {
		return tea.KeyMsg{Type: t}, true
	}
	switch name {
	case "esc":
		name = "q"
	case "0":
		name = "a"
	}
	r := []rune(name)
	if len(r) != 1 {
		return tea.KeyMsg{}, false
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: r}, true
}
