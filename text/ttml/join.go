package ttml

import "time"

// JoinTolerance is how far apart the end of one cue and the begin of the next
// may be for Join to treat them as one cue split in two.
const JoinTolerance = time.Millisecond

// Join appends next to prev, merging each cue of next that continues a cue of
// prev (same lines, styles and region; it begins within JoinTolerance of where
// that one ends) into it: the cue a packager split across two fragments becomes
// one again. prev and next are not modified.
func Join(prev, next []Cue) []Cue {
	out := append(make([]Cue, 0, len(prev)+len(next)), prev...)
	n := len(out)
	for _, c := range next {
		merged := false
		for i := n - 1; i >= 0; i-- {
			d := c.Begin - out[i].End
			if d <= JoinTolerance && d >= -JoinTolerance && SameContent(out[i], c) {
				out[i].End = max(out[i].End, c.End)
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, c)
		}
	}
	return out
}
