package render

import (
	"image"
	"testing"

	"github.com/smoothie-player/smoothie/media"
)

// patternFrame is a w×h frame with a gradient in luma and chroma.
func patternFrame(w, h int) *media.VideoFrame {
	f := testFrame(w, h, w+32, (w+1)/2+16)
	for y := range h {
		for x := range w {
			f.Y[y*f.YStride+x] = byte(16 + (x+y)%220)
		}
	}
	cw, ch := f.ChromaSize()
	for y := range ch {
		for x := range cw {
			f.U[y*f.CStride+x] = byte(x % 256)
			f.V[y*f.CStride+x] = byte(y % 256)
		}
	}
	return f
}

func TestToRGBAMatchesConverter(t *testing.T) {
	f := patternFrame(33, 17)
	img := image.NewRGBA(image.Rect(0, 0, 33, 17))
	c := NewConverter(BT709)
	ToRGBA(img, f, c)
	for _, p := range [][2]int{{0, 0}, {32, 16}, {17, 9}, {5, 12}} {
		x, y := p[0], p[1]
		r, g, b := c.RGB(f.Y[y*f.YStride+x], f.U[y/2*f.CStride+x/2], f.V[y/2*f.CStride+x/2])
		got := img.RGBAAt(x, y)
		if got.R != r || got.G != g || got.B != b || got.A != 255 {
			t.Errorf("pixel %d,%d = %v, want %d %d %d", x, y, got, r, g, b)
		}
	}
}

func BenchmarkToRGBA720p(b *testing.B) {
	f := patternFrame(1280, 720)
	img := image.NewRGBA(image.Rect(0, 0, 1280, 720))
	c := NewConverter(BT709)
	b.SetBytes(int64(1280 * 720 * 3 / 2))
	for b.Loop() {
		ToRGBA(img, f, c)
	}
}
