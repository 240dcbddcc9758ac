package player

import (
	"time"

	"github.com/smoothie-player/smoothie/text/ttml"
)

// Cue is one subtitle or caption: its lines, styles and region (text/ttml), and
// on the player's side Begin and End on the position scale.
type Cue = ttml.Cue

func cueText(c Cue) string { return c.Text() }

// parseTextSample reads a text sample, a TTML document, that starts at position at
// and lasts dur (cues left open end with it). Its times count from the sample's
// start, as Smooth Streaming text samples' do; a document whose times only make
// sense as media times (every cue beyond the sample when read as relative, within
// it when read as absolute: some encoders write them so) is read as such, base
// being the media time of position 0.
func parseTextSample(doc []byte, at, dur, base time.Duration) ([]Cue, error) {
	rel, err := ttml.Parse(doc, ttml.Options{Relative: true, Offset: at, OpenEnd: dur})
	if err != nil || len(rel) == 0 || !allOutside(rel, at, dur) {
		return rel, err
	}
	abs, err := ttml.Parse(doc, ttml.Options{OpenEnd: at + base + dur})
	if err != nil {
		return rel, nil
	}
	for i := range abs {
		abs[i].Begin -= base
		abs[i].End -= base
	}
	if allOutside(abs, at, dur) {
		return rel, nil
	}
	return abs, nil
}

// allOutside reports whether no cue overlaps the sample [at, at+dur] (with a
// second's slack).
func allOutside(cues []Cue, at, dur time.Duration) bool {
	for _, c := range cues {
		if c.End > at-time.Second && c.Begin < at+dur+time.Second {
			return false
		}
	}
	return true
}
