package player

// viewCap is the highest level (an index into levels) worth downloading for a video
// output of w×h pixels, or -1 when there is no cap (size unknown, or no level fills
// the output). A level fills the output when, scaled to fit with its aspect kept, it
// is not enlarged: its width reaches w or its height reaches h. The cap keeps every
// level no larger in pixels than the smallest that fills, so of two levels of that
// size at different bitrates the better one stays allowed (dash.js's
// limitBitrateByPortal and Media3's viewport constraint work alike).
func viewCap(levels []Level, w, h int) int {
	if w <= 0 || h <= 0 {
		return -1
	}
	fill := -1 // pixels of the smallest level that fills the output
	for _, l := range levels {
		if l.Width <= 0 || l.Height <= 0 {
			return -1 // a level of unknown size: no basis for a cap
		}
		if (l.Width >= w || l.Height >= h) && (fill < 0 || l.Width*l.Height < fill) {
			fill = l.Width * l.Height
		}
	}
	if fill < 0 {
		return -1
	}
	cap := -1
	for i, l := range levels {
		if l.Width*l.Height <= fill {
			cap = i
		}
	}
	if cap == len(levels)-1 {
		return -1
	}
	return cap
}
