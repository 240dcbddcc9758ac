package render

import (
	"fmt"

	"github.com/smoothie-player/smoothie/media"
)

// MaxFrameSide bounds the width and height a sink accepts, so that a corrupt frame
// header cannot make a sink allocate gigabytes.
const MaxFrameSide = 16384

// CheckFrame reports whether f's planes are large enough for its size and strides,
// so that a sink can index them without going out of bounds. where names the caller
// in the error ("render/term").
func CheckFrame(where string, f *media.VideoFrame) error {
	if f == nil {
		return fmt.Errorf("%s: nil video frame", where)
	}
	if f.Width <= 0 || f.Height <= 0 || f.Width > MaxFrameSide || f.Height > MaxFrameSide {
		return fmt.Errorf("%s: frame at %v: bad size %dx%d", where, f.PTS, f.Width, f.Height)
	}
	cw, ch := f.ChromaSize()
	if f.YStride < f.Width {
		return fmt.Errorf("%s: frame at %v: luma stride %d < width %d", where, f.PTS, f.YStride, f.Width)
	}
	if f.CStride < cw {
		return fmt.Errorf("%s: frame at %v: chroma stride %d < chroma width %d", where, f.PTS, f.CStride, cw)
	}
	if need := planeLen(f.YStride, f.Width, f.Height); len(f.Y) < need {
		return fmt.Errorf("%s: frame at %v: Y plane has %d bytes, %dx%d stride %d needs %d", where, f.PTS, len(f.Y), f.Width, f.Height, f.YStride, need)
	}
	need := planeLen(f.CStride, cw, ch)
	if len(f.U) < need {
		return fmt.Errorf("%s: frame at %v: U plane has %d bytes, %dx%d stride %d needs %d", where, f.PTS, len(f.U), cw, ch, f.CStride, need)
	}
	if len(f.V) < need {
		return fmt.Errorf("%s: frame at %v: V plane has %d bytes, %dx%d stride %d needs %d", where, f.PTS, len(f.V), cw, ch, f.CStride, need)
	}
	return nil
}

// planeLen is the bytes a plane of w×h with the given stride occupies; the last row
// need not be padded to the stride.
func planeLen(stride, w, h int) int { return stride*(h-1) + w }
