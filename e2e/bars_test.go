package e2e

import (
	"fmt"
	"image"
	"strings"
)

// colourBars looks for the synthetic source's bars in a 1280x720 picture of the demo
// (full frame): red, yellow, blue, cyan at points clear of the burned-in text, the
// moving line and the checkerboard. It returns how many it found, and what the others
// were.
func colourBars(img image.Image) (int, string) {
	want := []struct {
		name    string
		at      image.Point
		r, g, b bool // channel high?
	}{
		{"red", image.Pt(150, 440), true, false, false},
		{"yellow", image.Pt(530, 560), true, true, false},
		{"blue", image.Pt(700, 560), false, false, true},
		{"cyan", image.Pt(1200, 690), false, true, true},
	}
	ok := 0
	var off []string
	for _, w := range want {
		r, g, b, _ := img.At(w.at.X, w.at.Y).RGBA()
		high := func(v uint32) bool { return v>>8 > 150 }
		low := func(v uint32) bool { return v>>8 < 110 }
		match := (high(r) == w.r && (w.r || low(r))) && (high(g) == w.g && (w.g || low(g))) && (high(b) == w.b && (w.b || low(b)))
		if match {
			ok++
		} else {
			off = append(off, fmt.Sprintf("%s at %v is rgb(%d,%d,%d)", w.name, w.at, r>>8, g>>8, b>>8))
		}
	}
	return ok, strings.Join(off, "; ")
}
