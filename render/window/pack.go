package window

import "github.com/smoothie-player/smoothie/media"

// packed is a frame laid out for the shader: four samples per RGBA texel, luma rows,
// then U rows, then V rows; see yuvShader.
type packed struct {
	w, h   int    // picture size
	tw, th int    // texture size in texels
	pix    []byte // 4*tw*th bytes
}

// pack lays f (checked) out into p, reusing p's storage.
func (p *packed) pack(f *media.VideoFrame) {
	cw, ch := f.ChromaSize()
	p.w, p.h = f.Width, f.Height
	p.tw = (f.Width + 3) / 4
	p.th = f.Height + 2*ch
	n := 4 * p.tw * p.th
	if cap(p.pix) < n {
		p.pix = make([]byte, n)
	}
	p.pix = p.pix[:n]
	stride := 4 * p.tw
	for y := range f.Height {
		copy(p.pix[y*stride:], f.Y[y*f.YStride:y*f.YStride+f.Width])
	}
	for y := range ch {
		copy(p.pix[(f.Height+y)*stride:], f.U[y*f.CStride:y*f.CStride+cw])
		copy(p.pix[(f.Height+ch+y)*stride:], f.V[y*f.CStride:y*f.CStride+cw])
	}
}
