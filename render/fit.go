package render

import "image"

// FitRect returns the largest rectangle with a picW×picH picture's aspect ratio that
// fits in a w×h area of square pixels, centred (bars on the other sides).
func FitRect(w, h, picW, picH int) image.Rectangle {
	if w <= 0 || h <= 0 || picW <= 0 || picH <= 0 {
		return image.Rectangle{}
	}
	dw, dh := w, w*picH/picW
	if dh > h {
		dw, dh = h*picW/picH, h
	}
	x, y := (w-dw)/2, (h-dh)/2
	return image.Rect(x, y, x+dw, y+dh)
}
