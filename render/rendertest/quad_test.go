package rendertest

import (
	"image"
	"testing"

	"github.com/smoothie-player/smoothie/render"
)

// TestQuadFrameConverts: each quadrant of QuadFrame, converted on the CPU, is its
// Quad colour within rounding, with and without row padding.
func TestQuadFrameConverts(t *testing.T) {
	for _, pad := range []int{0, 8} {
		f := QuadFrame(64, 36, pad, 0)
		img := image.NewRGBA(image.Rect(0, 0, 64, 36))
		render.ToRGBA(img, f, render.NewConverter(render.MatrixFor(64, 36)))
		for q, p := range []image.Point{{16, 9}, {48, 9}, {16, 27}, {48, 27}} {
			c := img.RGBAAt(p.X, p.Y)
			for i, v := range []uint8{c.R, c.G, c.B} {
				if d := int(v) - int(Quad[q][i]); d < -2 || d > 2 {
					t.Errorf("pad %d: quadrant %d at %v is %v, want %v", pad, q, p, c, Quad[q])
					break
				}
			}
		}
	}
}
