package term

import (
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/render"
	"github.com/smoothie-player/smoothie/text/ttml"
)

// TestSinkCaptions: a cue's lines are drawn centred over the bottom rows of the
// picture, white on black, with the next frame; once none is given the picture
// is drawn there again.
func TestSinkCaptions(t *testing.T) {
	s, out := showBands(t, Config{Region: Rect{X: 0, Y: 0, W: 40, H: 20}, MaxFPS: 1000})
	cue := player.Cue{Begin: 0, End: time.Second, Lines: []ttml.Line{{{Text: "Hello"}}, {{Text: "two lines"}}}}
	s.SetCaptions([]player.Cue{cue})
	if err := s.Show(bandFrame(render.BT709, 1280, 720, red, blue)); err != nil {
		t.Fatal(err)
	}
	waitDrawn(t, s, 2)
	scr := newScreen(40, 20)
	if err := scr.feed(out.Bytes()); err != nil {
		t.Fatal(err)
	}
	row := func(y int) string {
		var b strings.Builder
		for x := range 40 {
			b.WriteRune(scr.at(x, y).ch)
		}
		return b.String()
	}
	// 1280×720 in 40×20 cells at the default aspect: the picture's rows end
	// before the region's; the lines sit one row above the picture's bottom.
	at := Fit(Rect{W: 40, H: 20}, 1280, 720, DefaultCellAspect)
	y := at.Y + at.H - 3
	if got := strings.TrimSpace(strings.Trim(row(y), "▀")); got != "Hello" {
		t.Errorf("row %d %q, want Hello centred", y, row(y))
	}
	if got := strings.TrimSpace(strings.Trim(row(y+1), "▀")); got != "two lines" {
		t.Errorf("row %d %q, want \"two lines\"", y+1, row(y+1))
	}
	c := scr.at(20, y)
	if c.fg != 0xffffff || c.bg != 0 {
		t.Errorf("caption cell colours %06x on %06x, want white on black", c.fg, c.bg)
	}
	s.SetCaptions(nil)
	if err := s.Show(bandFrame(render.BT709, 1280, 720, red, blue)); err != nil {
		t.Fatal(err)
	}
	waitDrawn(t, s, 3)
	scr = newScreen(40, 20)
	if err := scr.feed(out.Bytes()); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(row(y), "Hello") || strings.Count(row(y), "▀") < at.W {
		t.Errorf("row %d %q after the cue: want the picture back", y, row(y))
	}
}
