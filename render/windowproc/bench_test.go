package windowproc

import (
	"bytes"
	"testing"

	"github.com/smoothie-player/smoothie/media"
)

// BenchmarkPipe720p is the cost of sending one 1280×720 frame to the window helper:
// encoding plus decoding (the pipe itself excluded).
func BenchmarkPipe720p(b *testing.B) {
	f := &media.VideoFrame{Width: 1280, Height: 720, YStride: 1344, CStride: 672,
		Y: make([]byte, 1344*720), U: make([]byte, 672*360), V: make([]byte, 672*360)}
	var buf []byte
	var rd bytes.Reader
	r := NewReader(&rd)
	b.SetBytes(1280 * 720 * 3 / 2)
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendFrame(buf[:0], f)
		rd.Reset(buf)
		r.r.Reset(&rd)
		if _, _, err := r.Next(); err != nil {
			b.Fatal(err)
		}
	}
}
