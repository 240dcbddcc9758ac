package encode

import (
	"fmt"

	"github.com/asticode/go-astiav"
)

// pixConverter turns the sources' yuv420p pictures into the pixel format a level is
// encoded in (10-bit, 4:2:2, 4:4:4), through swscale.
type pixConverter struct {
	sws  *astiav.SoftwareScaleContext
	dst  *astiav.Frame
	w, h int
	pf   astiav.PixelFormat
}

func newPixConverter(w, h int, pf astiav.PixelFormat) (*pixConverter, error) {
	sws, err := astiav.CreateSoftwareScaleContext(w, h, astiav.PixelFormatYuv420P, w, h, pf,
		astiav.NewSoftwareScaleContextFlags(astiav.SoftwareScaleContextFlagBicubic))
	if err != nil {
		return nil, fmt.Errorf("swscale yuv420p to %s %dx%d: %w", pf, w, h, err)
	}
	return &pixConverter{sws: sws, dst: astiav.AllocFrame(), w: w, h: h, pf: pf}, nil
}

// convert returns src in the target format. The frame is the converter's own and
// holds until the next call. Each picture gets a buffer of its own (the frame is
// unreferenced first, and swscale allocates): an encoder may still hold the last.
func (c *pixConverter) convert(src *astiav.Frame) (*astiav.Frame, error) {
	c.dst.Unref()
	c.dst.SetWidth(c.w)
	c.dst.SetHeight(c.h)
	c.dst.SetPixelFormat(c.pf)
	if err := c.sws.ScaleFrame(src, c.dst); err != nil {
		return nil, fmt.Errorf("converting a picture to %s: %w", c.pf, err)
	}
	return c.dst, nil
}

func (c *pixConverter) free() {
	c.sws.Free()
	c.dst.Free()
}
