package window

import (
	"image/color"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/ebitenutil"
	"github.com/hajimehoshi/ebiten/v2/vector"
)

// The overlay's geometry in device-independent pixels: ebitenutil's debug font
// has 6×16 pixel glyphs.
const (
	overlayMargin = 12
	overlayPad    = 8
	glyphW        = 6
	glyphH        = 16
)

// SetOverlay replaces the stats overlay drawn over the video at the top left;
// "" removes it. The text is printable ASCII (the built-in font has nothing else),
// lines separated by "\n". It is drawn at the next refresh.
func (w *Window) SetOverlay(text string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if text != w.overlay {
		w.overlay, w.overlayChanged = text, true
	}
}

// Overlay returns the overlay text being shown.
func (w *Window) Overlay() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.overlay
}

// drawOverlay draws text in a translucent box at the top left of the screen.
func drawOverlay(screen *ebiten.Image, text string) {
	if text == "" {
		return
	}
	lines := strings.Split(text, "\n")
	cols := 0
	for _, l := range lines {
		cols = max(cols, len(l))
	}
	bw, bh := float32(cols*glyphW+2*overlayPad), float32(len(lines)*glyphH+2*overlayPad)
	// black, two thirds opaque
	vector.FillRect(screen, overlayMargin, overlayMargin, bw, bh, color.RGBA{A: 176}, false)
	ebitenutil.DebugPrintAt(screen, text, overlayMargin+overlayPad, overlayMargin+overlayPad)
}
