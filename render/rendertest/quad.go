// Package rendertest makes test pictures for the window tests: the program that
// draws them (render/window/internal/showframes) and the tests that check the
// screen (render/windowtest) agree on them through it. It is test support only.
package rendertest

import (
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/render"
)

// Quad holds the quadrant colours of QuadFrame: red, green, blue, light grey
// (top left, top right, bottom left, bottom right).
var Quad = [4][3]byte{{230, 20, 20}, {20, 200, 40}, {20, 40, 220}, {235, 235, 235}}

// QuadFrame is a w×h frame (w and h even) of the Quad colours in BT.601, the
// matrix render.MatrixFor picks for small frames; each plane's rows are padded by
// pad bytes, as decoders' are.
func QuadFrame(w, h, pad int, pts time.Duration) *media.VideoFrame {
	ys, cs := w+pad, w/2+pad
	f := &media.VideoFrame{Width: w, Height: h, YStride: ys, CStride: cs, PTS: pts,
		Y: make([]byte, ys*h), U: make([]byte, cs*h/2), V: make([]byte, cs*h/2)}
	for y := range h {
		for x := range w {
			q := 0
			if x >= w/2 {
				q++
			}
			if y >= h/2 {
				q += 2
			}
			yy, u, v := render.RGBToYUV(render.BT601, Quad[q][0], Quad[q][1], Quad[q][2])
			f.Y[y*ys+x] = yy
			f.U[y/2*cs+x/2], f.V[y/2*cs+x/2] = u, v
		}
	}
	return f
}
