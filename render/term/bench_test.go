package term

import (
	"testing"

	"github.com/smoothie-player/smoothie/render"
)

// BenchmarkTerm720p is the cost of one 1280×720 frame on a 200×56 terminal:
// scaling, conversion and escape encoding of every row (each frame differs).
func BenchmarkTerm720p(b *testing.B) {
	f1 := bandFrame(render.BT709, 1280, 720, red, blue)
	f2 := bandFrame(render.BT709, 1280, 720, blue, red)
	for i := range f1.Y { // texture so that runs of one colour are short
		f1.Y[i] += byte(i % 7)
		f2.Y[i] += byte(i % 5)
	}
	s := NewSampler(render.BT709)
	at := Fit(Rect{W: 200, H: 56}, 1280, 720, 2)
	var g Grid
	var e Encoder
	var buf []byte
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		f := f1
		if n%2 == 1 {
			f = f2
		}
		n++
		s.Sample(&g, f, at.W, 2*at.H)
		buf = e.Encode(buf[:0], &g, at)
	}
	b.ReportMetric(float64(len(buf)), "bytes/frame")
}
