package window

import (
	"image"
	"image/color"
	"math"
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

// drawOverlay draws text in a translucent box at the top left of the screen. The
// box is laid out in device-independent pixels and scaled to the screen's
// physical pixels, so the text is as large on a HiDPI screen as on any other.
func (w *Window) drawOverlay(screen *ebiten.Image, text string) {
	if text == "" {
		return
	}
	lines := strings.Split(text, "\n")
	cols := 0
	for _, l := range lines {
		cols = max(cols, len(l))
	}
	bw, bh := cols*glyphW+2*overlayPad, len(lines)*glyphH+2*overlayPad
	if w.scale == 1 {
		drawOverlayBox(screen, text, overlayMargin, overlayMargin, bw, bh)
		return
	}
	if w.ovl == nil || w.ovl.Bounds().Dx() < bw || w.ovl.Bounds().Dy() < bh {
		if w.ovl != nil {
			w.ovl.Deallocate()
		}
		w.ovl = ebiten.NewImage(bw, bh)
	}
	w.ovl.Clear()
	drawOverlayBox(w.ovl, text, 0, 0, bw, bh)
	op := &ebiten.DrawImageOptions{}
	if w.scale != math.Trunc(w.scale) {
		op.Filter = ebiten.FilterLinear // nearest would make uneven glyphs at 1.25×, 1.5×
	}
	op.GeoM.Scale(w.scale, w.scale)
	op.GeoM.Translate(overlayMargin*w.scale, overlayMargin*w.scale)
	screen.DrawImage(w.ovl.SubImage(image.Rect(0, 0, bw, bh)).(*ebiten.Image), op)
}

// drawOverlayBox draws the box of bw×bh pixels at x, y on dst and the text in it.
func drawOverlayBox(dst *ebiten.Image, text string, x, y, bw, bh int) {
	// black, two thirds opaque
	vector.FillRect(dst, float32(x), float32(y), float32(bw), float32(bh), color.RGBA{A: 176}, false)
	ebitenutil.DebugPrintAt(dst, text, x+overlayPad, y+overlayPad)
}
