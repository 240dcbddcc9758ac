package term

import (
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/render"
)

// Grid is a small RGB picture, two pixel rows per cell row, packed 0xRRGGBB.
type Grid struct {
	W, H int // in pixels: W cells wide, H/2 cells high
	Pix  []uint32
}

// Sampler scales frames down to grids, keeping its index tables between calls.
type Sampler struct {
	conv       render.Converter
	xs, ys     []int
	srcW, srcH int
}

// NewSampler returns a sampler converting with m.
func NewSampler(m render.Matrix) *Sampler { return &Sampler{conv: render.NewConverter(m)} }

// Sample scales f (already checked with render.CheckFrame) to w×h pixels into g,
// reusing g's storage, taking the source pixel nearest each grid pixel's centre.
func (s *Sampler) Sample(g *Grid, f *media.VideoFrame, w, h int) {
	if s.srcW != f.Width || s.srcH != f.Height || len(s.xs) != w || len(s.ys) != h {
		s.xs = centres(s.xs[:0], w, f.Width)
		s.ys = centres(s.ys[:0], h, f.Height)
		s.srcW, s.srcH = f.Width, f.Height
	}
	g.W, g.H = w, h
	if cap(g.Pix) < w*h {
		g.Pix = make([]uint32, w*h)
	}
	g.Pix = g.Pix[:w*h]
	for j, sy := range s.ys {
		yrow := f.Y[sy*f.YStride:]
		crow := (sy / 2) * f.CStride
		urow, vrow := f.U[crow:], f.V[crow:]
		out := g.Pix[j*w : (j+1)*w]
		for i, sx := range s.xs {
			r, gg, b := s.conv.RGB(yrow[sx], urow[sx/2], vrow[sx/2])
			out[i] = uint32(r)<<16 | uint32(gg)<<8 | uint32(b)
		}
	}
}

// scaleTo scales g to w×h pixels into dst, reusing dst's storage, taking the pixel
// nearest each destination pixel's centre.
func (g *Grid) scaleTo(dst *Grid, w, h int) {
	dst.W, dst.H = w, h
	dst.Pix = dst.Pix[:0]
	if g.W == 0 || g.H == 0 {
		dst.Pix = append(dst.Pix, make([]uint32, w*h)...)
		return
	}
	xs := centres(nil, w, g.W)
	for _, sy := range centres(nil, h, g.H) {
		row := g.Pix[sy*g.W:]
		for _, sx := range xs {
			dst.Pix = append(dst.Pix, row[sx])
		}
	}
}

// centres maps n destination positions onto a source of size src.
func centres(dst []int, n, src int) []int {
	for i := range n {
		dst = append(dst, min((2*i+1)*src/(2*n), src-1))
	}
	return dst
}
