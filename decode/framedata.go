package decode

/*
#cgo pkg-config: libavutil
#include <stdint.h>
#include <libavutil/frame.h>
#include <libavutil/channel_layout.h>

static int smoothie_frame_channels(const AVFrame *f) { return f->ch_layout.nb_channels; }
static uint64_t smoothie_frame_layout_mask(const AVFrame *f) {
	return f->ch_layout.order == AV_CHANNEL_ORDER_NATIVE ? f->ch_layout.u.mask : 0;
}
static uint8_t *smoothie_frame_plane0(const AVFrame *f) { return f->data[0]; }
static int smoothie_frame_damaged(const AVFrame *f) {
	return (f->flags & AV_FRAME_FLAG_CORRUPT) != 0 || f->decode_error_flags != 0;
}
*/
import "C"

import (
	"unsafe"

	"github.com/asticode/go-astiav"
)

// The few AVFrame fields go-astiav v0.16.0 only reads by copying (or not at all) are
// read here directly, so audio decoding does not allocate per frame.

// audioShape is what the resampler graph depends on in its input frames.
type audioShape struct {
	rate     int
	format   astiav.SampleFormat
	channels int
	mask     uint64 // native channel mask, 0 when the order is not native
}

// shapeOf reads f's audio parameters.
func shapeOf(f *astiav.Frame) audioShape {
	cf := (*C.AVFrame)(f.UnsafePointer())
	return audioShape{
		rate:     f.SampleRate(),
		format:   f.SampleFormat(),
		channels: int(C.smoothie_frame_channels(cf)),
		mask:     uint64(C.smoothie_frame_layout_mask(cf)),
	}
}

// packedBytes returns the first n bytes of f's first data plane, which holds every
// sample of a packed (interleaved) audio frame. The slice aliases FFmpeg's memory:
// copy it before the frame is unreferenced.
func packedBytes(f *astiav.Frame, n int) []byte {
	p := C.smoothie_frame_plane0((*C.AVFrame)(f.UnsafePointer()))
	if p == nil || n <= 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(p)), n)
}

// damaged says whether the decoder flagged f as corrupt or concealed errors in it
// (AV_FRAME_FLAG_CORRUPT, decode_error_flags): what FFmpeg says of a picture it
// returns anyway (its H.264 decoder conceals damage rather than failing).
func damaged(f *astiav.Frame) bool {
	return C.smoothie_frame_damaged((*C.AVFrame)(f.UnsafePointer())) != 0
}
