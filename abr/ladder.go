package abr

import (
	"fmt"
	"strconv"
	"time"
)

// Level is one rung of a video ladder.
type Level struct {
	Bitrate int     // bits per second, as the manifest declares it
	Width   int     // pixels; 0 when unknown
	Height  int     // pixels; 0 when unknown
	FPS     float64 // frames per second; 0 when unknown
	Codec   string  // FourCC such as "H264"; informative
}

// FrameInterval is the display time of one frame (the decode budget per
// frame); 0 when the frame rate is unknown.
func (l Level) FrameInterval() time.Duration {
	if l.FPS <= 0 {
		return 0
	}
	return time.Duration(float64(time.Second) / l.FPS)
}

// Ladder is the set of levels of one track, sorted by ascending bitrate.
type Ladder []Level

// Bitrates returns a ladder with only bitrates set (bits per second).
func Bitrates(bps ...int) Ladder {
	l := make(Ladder, len(bps))
	for i, b := range bps {
		l[i] = Level{Bitrate: b}
	}
	return l
}

// Validate reports an empty ladder, a non-positive bitrate or a ladder that
// is not sorted by strictly ascending bitrate.
func (l Ladder) Validate() error {
	if len(l) == 0 {
		return fmt.Errorf("abr: empty ladder")
	}
	for i, lv := range l {
		if lv.Bitrate <= 0 {
			return fmt.Errorf("abr: level %d: bitrate %d is not positive", i+1, lv.Bitrate)
		}
		if i > 0 && lv.Bitrate <= l[i-1].Bitrate {
			return fmt.Errorf("abr: level %d: bitrate %d not above level %d's %d", i+1, lv.Bitrate, i, l[i-1].Bitrate)
		}
	}
	return nil
}

// Top is the index of the highest level.
func (l Ladder) Top() int { return len(l) - 1 }

// Fit returns the highest level whose bitrate is at most bps, or 0 (the
// lowest) when none fits.
func (l Ladder) Fit(bps float64) int {
	best := 0
	for i, lv := range l {
		if float64(lv.Bitrate) <= bps {
			best = i
		}
	}
	return best
}

// Clamp bounds a level index to the ladder.
func (l Ladder) Clamp(i int) int {
	if i < 0 {
		return 0
	}
	if i > l.Top() {
		return l.Top()
	}
	return i
}

// Kbps formats a level's bitrate for people, e.g. "2850".
func (l Ladder) Kbps(i int) string {
	if i < 0 || i >= len(l) {
		return "?"
	}
	return strconv.Itoa(l[i].Bitrate / 1000)
}
