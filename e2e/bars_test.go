package e2e

import (
	"fmt"
	"image"
	"strings"
	"time"
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

// barsInShots takes up to n pictures, 300 ms apart, until one shows at least 3 of the
// bars, and returns the last taken with what colourBars found in it: the synthetic
// source flashes white for a frame each second, and a picture may catch the flash.
func barsInShots(n int, shoot func() image.Image) (image.Image, int, string) {
	var img image.Image
	found, report := 0, ""
	for i := 0; i < n; i++ {
		if i > 0 {
			time.Sleep(300 * time.Millisecond)
		}
		img = shoot()
		if found, report = colourBars(img); found >= 3 {
			break
		}
	}
	return img, found, report
}
