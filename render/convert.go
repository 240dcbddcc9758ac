package render

import (
	"image"

	"github.com/smoothie-player/smoothie/media"
)

// ToRGBA converts f (checked with CheckFrame) to dst, which must be at least f's
// size; it is the CPU path, used where no GPU shader runs and as the reference the
// shader is tested against.
func ToRGBA(dst *image.RGBA, f *media.VideoFrame, c Converter) {
	w := min(f.Width, dst.Rect.Dx())
	h := min(f.Height, dst.Rect.Dy())
	const half = 1 << 15
	for y := range h {
		yrow := f.Y[y*f.YStride : y*f.YStride+w]
		crow := (y / 2) * f.CStride
		cw := (w + 1) / 2
		urow, vrow := f.U[crow:crow+cw], f.V[crow:crow+cw]
		out := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
		for cx := range cw {
			uu, vv := int32(urow[cx])-128, int32(vrow[cx])-128
			dr, dg, db := c.rv*vv+half, -c.gu*uu-c.gv*vv+half, c.bu*uu+half
			for x := 2 * cx; x < min(2*cx+2, w); x++ {
				yy := (int32(yrow[x]) - 16) * c.y
				o := out[4*x : 4*x+4]
				o[0] = clamp8((yy + dr) >> 16)
				o[1] = clamp8((yy + dg) >> 16)
				o[2] = clamp8((yy + db) >> 16)
				o[3] = 255
			}
		}
	}
}
