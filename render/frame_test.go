package render

import (
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/media"
)

// testFrame is a w×h I420 frame with the given strides and exactly sized planes.
func testFrame(w, h, ys, cs int) *media.VideoFrame {
	ch := (h + 1) / 2
	return &media.VideoFrame{Width: w, Height: h, YStride: ys, CStride: cs,
		Y: make([]byte, ys*h), U: make([]byte, cs*ch), V: make([]byte, cs*ch)}
}

func TestCheckFrame(t *testing.T) {
	if err := CheckFrame("x", testFrame(5, 3, 8, 4)); err != nil {
		t.Fatalf("good odd-sized frame: %v", err)
	}
	short := testFrame(16, 16, 16, 8)
	short.V = short.V[:8*7]
	bad := map[string]*media.VideoFrame{
		"nil video frame":   nil,
		"bad size 0x16":     {Width: 0, Height: 16},
		"luma stride 8":     testFrame(16, 16, 8, 8),
		"chroma stride 4":   testFrame(16, 16, 16, 4),
		"V plane has 56":    short,
		"bad size 20000x16": {Width: 20000, Height: 16},
	}
	for want, f := range bad {
		err := CheckFrame("render/x", f)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), "render/x: ") {
			t.Errorf("%s: got %v", want, err)
		}
	}
}
