package term

import "strconv"

// Encoder turns grids into escape sequences, rewriting only the rows that changed
// since the last grid it encoded for the same place.
type Encoder struct {
	prev    Grid
	prevAt  Rect
	fg, bg  uint32
	haveSGR bool
}

// Reset forgets what is on the screen, so that the next Encode draws every row.
func (e *Encoder) Reset() { e.prev.W, e.prev.H = 0, 0; e.haveSGR = false }

// Invalidate makes the next Encode draw rows from..to-1 (of the place last
// encoded) whatever they hold: something else was written over them.
func (e *Encoder) Invalidate(from, to int) {
	for row := max(from, 0); row < min(to, e.prev.H/2); row++ {
		for i := 2 * row * e.prev.W; i < (2*row+2)*e.prev.W; i++ {
			e.prev.Pix[i] = ^uint32(0) // no colour is this: the row differs
		}
	}
}

// Encode appends to dst what draws g at the cells of at (at.W = g.W, at.H = g.H/2)
// and returns it. Rows equal to the previous grid's at the same place are skipped.
func (e *Encoder) Encode(dst []byte, g *Grid, at Rect) []byte {
	same := e.prevAt == at && e.prev.W == g.W && e.prev.H == g.H
	e.haveSGR = false
	for row := 0; row < g.H/2; row++ {
		top := g.Pix[2*row*g.W : (2*row+1)*g.W]
		bot := g.Pix[(2*row+1)*g.W : (2*row+2)*g.W]
		if same && equal(top, e.prev.Pix[2*row*g.W:(2*row+1)*g.W]) && equal(bot, e.prev.Pix[(2*row+1)*g.W:(2*row+2)*g.W]) {
			continue
		}
		dst = moveTo(dst, at.X, at.Y+row)
		for i := range top {
			if !e.haveSGR || top[i] != e.fg {
				dst = sgr(dst, "\x1b[38;2;", top[i])
				e.fg = top[i]
			}
			if !e.haveSGR || bot[i] != e.bg {
				dst = sgr(dst, "\x1b[48;2;", bot[i])
				e.bg = bot[i]
			}
			e.haveSGR = true
			dst = append(dst, "▀"...)
		}
	}
	if e.haveSGR {
		dst = append(dst, "\x1b[0m"...)
	}
	e.prevAt = at
	e.prev.W, e.prev.H = g.W, g.H
	e.prev.Pix = append(e.prev.Pix[:0], g.Pix...)
	return dst
}

// Clear appends what blanks r with the terminal's default colours.
func Clear(dst []byte, r Rect) []byte {
	dst = append(dst, "\x1b[0m"...)
	for row := range r.H {
		dst = moveTo(dst, r.X, r.Y+row)
		for range r.W {
			dst = append(dst, ' ')
		}
	}
	return dst
}

func moveTo(dst []byte, x, y int) []byte {
	dst = append(dst, "\x1b["...)
	dst = strconv.AppendInt(dst, int64(y+1), 10)
	dst = append(dst, ';')
	dst = strconv.AppendInt(dst, int64(x+1), 10)
	return append(dst, 'H')
}

func sgr(dst []byte, prefix string, c uint32) []byte {
	dst = append(dst, prefix...)
	dst = strconv.AppendInt(dst, int64(c>>16), 10)
	dst = append(dst, ';')
	dst = strconv.AppendInt(dst, int64(c>>8&0xff), 10)
	dst = append(dst, ';')
	dst = strconv.AppendInt(dst, int64(c&0xff), 10)
	return append(dst, 'm')
}

func equal(a, b []uint32) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
