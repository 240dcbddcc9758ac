package ttml

import (
	"image/color"
	"strings"
	"time"
)

// Cue is one piece of timed text: shown from Begin (inclusive) to End
// (exclusive), presentation times.
type Cue struct {
	Begin, End time.Duration
	Lines      []Line
	// Region places the cue; nil means the default: bottom of the picture,
	// centred.
	Region *Region `json:",omitempty"`
}

// Line is one line of a cue: spans shown left to right.
type Line []Span

// Span is a run of text in one style.
type Span struct {
	Text                    string
	Italic, Bold, Underline bool
	Color, BackgroundColor  Color
}

// Color is an optional colour: OK is false when the document leaves it to the
// renderer. RGBA is alpha-premultiplied, as color.RGBA always is.
type Color struct {
	RGBA color.RGBA
	OK   bool
}

// Region is where a cue goes, in fractions of the video's width and height.
type Region struct {
	OriginX, OriginY float64
	ExtentX, ExtentY float64
	// DisplayAlign places the block of lines in the region: "before" (top),
	// "center" or "after" (bottom).
	DisplayAlign string
	// TextAlign aligns each line: "left", "center", "right", "start" or "end".
	TextAlign string
}

// Text is the cue's text without styling, lines joined by "\n".
func (c Cue) Text() string {
	var b strings.Builder
	for i, l := range c.Lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		for _, s := range l {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// SameContent reports whether two cues show the same thing (lines, styles and
// region), whatever their times.
func SameContent(a, b Cue) bool {
	if len(a.Lines) != len(b.Lines) || !sameRegion(a.Region, b.Region) {
		return false
	}
	for i := range a.Lines {
		if len(a.Lines[i]) != len(b.Lines[i]) {
			return false
		}
		for j := range a.Lines[i] {
			if a.Lines[i][j] != b.Lines[i][j] {
				return false
			}
		}
	}
	return true
}

// regionEpsilon absorbs the rounding of a fraction written as a percentage.
const regionEpsilon = 1e-9

func sameRegion(a, b *Region) bool {
	if a == nil || b == nil {
		return a == b
	}
	near := func(x, y float64) bool { d := x - y; return d < regionEpsilon && d > -regionEpsilon }
	return near(a.OriginX, b.OriginX) && near(a.OriginY, b.OriginY) && near(a.ExtentX, b.ExtentX) &&
		near(a.ExtentY, b.ExtentY) && a.DisplayAlign == b.DisplayAlign && a.TextAlign == b.TextAlign
}
