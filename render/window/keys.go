package window

import (
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
)

// keyName returns the name a special key press is forwarded with, or "" for keys
// forwarded as the characters they type ("q", "+", "9") or not at all. What the
// names do is tui/keymap's table; tui's TestSameKeysEverywhere lists these names
// (a name added here goes there too).
func keyName(k ebiten.Key) string {
	switch k {
	case ebiten.KeySpace:
		return "space"
	case ebiten.KeyArrowLeft:
		return "left"
	case ebiten.KeyArrowRight:
		return "right"
	case ebiten.KeyArrowUp:
		return "up"
	case ebiten.KeyArrowDown:
		return "down"
	case ebiten.KeyEscape:
		return "esc"
	case ebiten.KeyEnter:
		return "enter"
	case ebiten.KeyTab:
		return "tab"
	case ebiten.KeyBackspace:
		return "backspace"
	case ebiten.KeyHome:
		return "home"
	case ebiten.KeyEnd:
		return "end"
	case ebiten.KeyPageUp:
		return "pgup"
	case ebiten.KeyPageDown:
		return "pgdown"
	}
	if k >= ebiten.KeyF1 && k <= ebiten.KeyF12 {
		return strings.ToLower(k.String())
	}
	return ""
}
