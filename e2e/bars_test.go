package e2e

import (
	"fmt"
	"image"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/internal/xvfbtest"
)

// colourBars looks for the synthetic source's bars in a 1280x720 picture of the demo
// (full frame): red, yellow, blue, cyan at points clear of the burned-in text, the
// moving line and the checkerboard. It returns how many it found, and what the others
// were.
func colourBars(img image.Image) (int, string) {
	want := []struct {
		name string
		at   image.Point
	}{
		{"red", image.Pt(150, 440)},
		{"yellow", image.Pt(530, 560)},
		{"blue", image.Pt(700, 560)},
		{"cyan", image.Pt(1200, 690)},
	}
	ok := 0
	var off []string
	for _, w := range want {
		r, g, b, _ := img.At(w.at.X, w.at.Y).RGBA()
		if barColour(uint8(r>>8), uint8(g>>8), uint8(b>>8)) == w.name {
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

// windowBars photographs X display disp (up to 10 shots over 2.7 s, as barsInShots:
// on a loaded machine the window may still be black at first: in a CI run of a 720p
// 10-bit HEVC presentation the three shots it took then, 2.0 to 2.6 s after the
// start, were all black) and returns how many bars the last shot
// shows and its file; what was off is logged.
func windowBars(t *testing.T, disp string) (int, string) {
	t.Helper()
	var shot string
	_, ok, report := barsInShots(10, func() image.Image {
		img, path := xvfbtest.Screenshot(t, disp)
		shot = path
		return img
	})
	if report != "" {
		t.Log(report)
	}
	return ok, shot
}
