// Package term draws video in a terminal with 24-bit colour half blocks: each
// character cell shows two stacked pixels, the upper one as the foreground of "▀"
// and the lower one as the background. It draws only inside a region of the screen,
// so that a TUI can share the terminal. It must not read the keyboard or change
// terminal modes: that belongs to whoever owns the terminal.
package term

// Rect is a region of the terminal in character cells; X and Y count from 0 at the
// top-left corner.
type Rect struct{ X, Y, W, H int }

// DefaultCellAspect is a cell's height over its width in most terminal fonts.
const DefaultCellAspect = 2.0

// Fit returns the part of r where a w×h picture is drawn: as large as fits with
// its aspect ratio kept, centred, on cells whose height is cellAspect times their
// width. It is empty when r or the picture is.
func Fit(r Rect, w, h int, cellAspect float64) Rect {
	if r.W <= 0 || r.H <= 0 || w <= 0 || h <= 0 {
		return Rect{X: r.X, Y: r.Y}
	}
	if cellAspect <= 0 {
		cellAspect = DefaultCellAspect
	}
	cw := r.W
	ch := int(float64(cw)*float64(h)/(float64(w)*cellAspect) + 0.5)
	if ch > r.H {
		ch = r.H
		cw = min(r.W, int(float64(ch)*cellAspect*float64(w)/float64(h)+0.5))
	}
	cw, ch = max(cw, 1), max(ch, 1)
	return Rect{X: r.X + (r.W-cw)/2, Y: r.Y + (r.H-ch)/2, W: cw, H: ch}
}
