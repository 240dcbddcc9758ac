package render

import "testing"

func TestColorRoundTrip(t *testing.T) {
	for _, m := range []Matrix{BT601, BT709} {
		c := NewConverter(m)
		for _, rgb := range [][3]byte{{0, 0, 0}, {255, 255, 255}, {255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {200, 100, 50}, {12, 200, 180}} {
			y, u, v := RGBToYUV(m, rgb[0], rgb[1], rgb[2])
			r, g, b := c.RGB(y, u, v)
			for i, got := range []byte{r, g, b} {
				if d := int(got) - int(rgb[i]); d < -3 || d > 3 {
					t.Errorf("%s %v → yuv %d,%d,%d → %d,%d,%d", m.Name, rgb, y, u, v, r, g, b)
					break
				}
			}
		}
	}
	// Reference points: limited-range black, white and BT.601 red.
	c := NewConverter(BT601)
	if r, g, b := c.RGB(16, 128, 128); r|g|b != 0 {
		t.Errorf("black → %d %d %d", r, g, b)
	}
	if r, g, b := c.RGB(235, 128, 128); r&g&b != 255 {
		t.Errorf("white → %d %d %d", r, g, b)
	}
	if r, g, b := c.RGB(81, 90, 240); r < 253 || g > 2 || b > 2 {
		t.Errorf("601 red → %d %d %d", r, g, b)
	}
}
