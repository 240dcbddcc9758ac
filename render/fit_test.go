package render

import (
	"image"
	"testing"
)

func TestFitRect(t *testing.T) {
	cases := []struct {
		w, h, pw, ph int
		want         image.Rectangle
	}{
		{800, 600, 320, 180, image.Rect(0, 75, 800, 525)},
		{1280, 720, 1920, 1080, image.Rect(0, 0, 1280, 720)},
		{1000, 500, 640, 480, image.Rect(167, 0, 833, 500)},
		{0, 500, 640, 480, image.Rectangle{}},
	}
	for _, c := range cases {
		if got := FitRect(c.w, c.h, c.pw, c.ph); got != c.want {
			t.Errorf("FitRect(%d×%d, %d×%d) = %v, want %v", c.w, c.h, c.pw, c.ph, got, c.want)
		}
	}
}
