package player

import "testing"

func TestViewCap(t *testing.T) {
	demo := []Level{{Width: 320, Height: 180}, {Width: 480, Height: 270}, {Width: 640, Height: 360}, {Width: 960, Height: 540}, {Width: 1280, Height: 720}}
	twin := []Level{{Width: 640, Height: 360}, {Width: 1280, Height: 720}, {Width: 1280, Height: 720}, {Width: 1920, Height: 1080}}
	for _, c := range []struct {
		name   string
		levels []Level
		w, h   int
		want   int
	}{
		{"size unknown", demo, 0, 0, -1},
		{"window as large as the top level", demo, 1280, 720, -1},
		{"window larger than every level", demo, 1920, 1080, -1},
		{"exact fit of a middle level", demo, 640, 360, 2},
		{"just above a level: the next one fills", demo, 641, 361, 3},
		{"tall narrow window: width decides", demo, 300, 1000, 0},
		{"wide short window: height decides", demo, 2000, 200, 1},
		{"tiny window", demo, 100, 50, 0},
		{"two levels of the fill size: both allowed", twin, 1000, 600, 2},
		{"a level without a size: no cap", []Level{{Width: 320, Height: 180}, {}}, 100, 50, -1},
	} {
		if got := viewCap(c.levels, c.w, c.h); got != c.want {
			t.Errorf("%s: viewCap(%dx%d) = %d, want %d", c.name, c.w, c.h, got, c.want)
		}
	}
}
