package decode

import (
	"fmt"

	"github.com/asticode/go-astiav"
	"github.com/smoothie-player/smoothie/media"
)

// picturePool recycles VideoFrames and their pixel buffers. A frame's three planes
// are consecutive slices of one buffer: Y[:cap(Y)] is the whole buffer.
type picturePool struct {
	free spares[media.VideoFrame]
	bare spares[media.VideoFrame] // frames without planes (timing only)
}

// newPicturePool keeps up to max frames of each kind.
func newPicturePool(max int) picturePool {
	return picturePool{free: spares[media.VideoFrame]{max: max}, bare: spares[media.VideoFrame]{max: max}}
}

// i420Size returns the byte sizes of the luma plane and of one chroma plane.
func i420Size(w, h int) (ySize, cSize int) {
	return w * h, ((w + 1) / 2) * ((h + 1) / 2)
}

// get returns a frame whose planes fit a w×h picture.
func (p *picturePool) get(w, h int) *media.VideoFrame {
	ySize, cSize := i420Size(w, h)
	size := ySize + 2*cSize
	f := p.free.take()
	var buf []byte
	if f == nil {
		f = new(media.VideoFrame)
	} else {
		buf = f.Y[:cap(f.Y)]
	}
	if cap(buf) < size {
		buf = make([]byte, size)
	}
	*f = media.VideoFrame{
		Width: w, Height: h,
		Y:       buf[:ySize],
		U:       buf[ySize : ySize+cSize : ySize+cSize],
		V:       buf[ySize+cSize : size : size],
		YStride: w, CStride: (w + 1) / 2,
	}
	return f
}

// getBare returns a frame of a w×h picture without planes.
func (p *picturePool) getBare(w, h int) *media.VideoFrame {
	f := p.bare.take()
	if f == nil {
		f = new(media.VideoFrame)
	}
	*f = media.VideoFrame{Width: w, Height: h}
	return f
}

// put hands f back for reuse; frames beyond the pool's size are left to the GC.
func (p *picturePool) put(f *media.VideoFrame) {
	if f == nil {
		return
	}
	if f.Y == nil {
		p.bare.keep(f)
	} else {
		p.free.keep(f)
	}
}

// i420Converter copies decoded pictures into I420 VideoFrames, through swscale when
// the decoder's pixel format is not already 8-bit 4:2:0 planar.
type i420Converter struct {
	sws *astiav.SoftwareScaleContext
	dst *astiav.Frame
	// the source geometry sws and dst were made for
	w, h int
	pf   astiav.PixelFormat
}

// isI420 reports whether frames of pf can be copied as they are.
func isI420(pf astiav.PixelFormat) bool {
	return pf == astiav.PixelFormatYuv420P || pf == astiav.PixelFormatYuvj420P
}

// convert writes src's picture into out, whose planes are sized for src.
func (c *i420Converter) convert(src *astiav.Frame, out *media.VideoFrame) error {
	buf := out.Y[:len(out.Y)+len(out.U)+len(out.V)]
	if isI420(src.PixelFormat()) {
		if _, err := src.ImageCopyToBuffer(buf, 1); err != nil {
			return fmt.Errorf("decode: copying picture: %w", err)
		}
		return nil
	}
	if err := c.prepare(src); err != nil {
		return err
	}
	if err := c.sws.ScaleFrame(src, c.dst); err != nil {
		return fmt.Errorf("decode: converting %s to yuv420p: %w", src.PixelFormat(), err)
	}
	if _, err := c.dst.ImageCopyToBuffer(buf, 1); err != nil {
		return fmt.Errorf("decode: copying converted picture: %w", err)
	}
	return nil
}

// prepare (re)creates the scale context and target frame for src's geometry.
func (c *i420Converter) prepare(src *astiav.Frame) error {
	w, h, pf := src.Width(), src.Height(), src.PixelFormat()
	if c.sws != nil && c.w == w && c.h == h && c.pf == pf {
		return nil
	}
	c.free()
	sws, err := astiav.CreateSoftwareScaleContext(w, h, pf, w, h, astiav.PixelFormatYuv420P,
		astiav.NewSoftwareScaleContextFlags(astiav.SoftwareScaleContextFlagBilinear))
	if err != nil {
		return fmt.Errorf("decode: swscale %s %dx%d to yuv420p: %w", pf, w, h, err)
	}
	dst := astiav.AllocFrame()
	dst.SetWidth(w)
	dst.SetHeight(h)
	dst.SetPixelFormat(astiav.PixelFormatYuv420P)
	if err := dst.AllocBuffer(0); err != nil {
		sws.Free()
		dst.Free()
		return fmt.Errorf("decode: allocating %dx%d conversion frame: %w", w, h, err)
	}
	c.sws, c.dst, c.w, c.h, c.pf = sws, dst, w, h, pf
	return nil
}

// free releases the scale context and target frame.
func (c *i420Converter) free() {
	if c.sws != nil {
		c.sws.Free()
		c.sws = nil
	}
	if c.dst != nil {
		c.dst.Free()
		c.dst = nil
	}
}
