package term

import (
	"slices"
	"strings"

	"github.com/smoothie-player/smoothie/player"
)

var _ player.CaptionSink = (*Sink)(nil)

// SetCaptions implements player.CaptionSink: the cues' lines are drawn over the
// bottom rows of the picture (the top rows for a cue whose region is in the
// upper half), centred, white on black so that they read on any picture, from the
// next frame on; none takes them away.
func (s *Sink) SetCaptions(cues []player.Cue) {
	var lines []string
	top := false
	for _, c := range cues {
		lines = append(lines, strings.Split(c.Text(), "\n")...)
		if c.Region != nil && c.Region.OriginY+c.Region.ExtentY/2 < 0.5 {
			top = true
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if slices.Equal(lines, s.caption) && top == s.captionTop {
		return
	}
	s.caption, s.captionTop = lines, top
	s.redraw = true // the rows under the old lines hold them still
	s.wakeLoop()
}

// captionRows is where lines go over the picture at: the rows from the first,
// one row off the picture's edge when it has room.
func captionRows(at Rect, n int, top bool) int {
	n = min(n, at.H)
	margin := 0
	if at.H >= n+2 {
		margin = 1
	}
	if top {
		return at.Y + margin
	}
	return at.Y + at.H - n - margin
}

// captionAt appends what draws lines over the picture at (rows from captionRows),
// each cut to the picture's width and centred, with a space either side.
func captionAt(dst []byte, at Rect, lines []string, top bool) []byte {
	if len(lines) == 0 || at.W < 3 {
		return dst
	}
	lines = lines[max(0, len(lines)-at.H):]
	y := captionRows(at, len(lines), top)
	for i, l := range lines {
		runes := []rune(" " + l + " ")
		if len(runes) > at.W {
			runes = append(runes[:at.W-2], '…', ' ')
		}
		w := len(runes)
		dst = moveTo(dst, at.X+(at.W-w)/2, y+i)
		dst = append(dst, "\x1b[0m\x1b[38;2;255;255;255m\x1b[48;2;0;0;0m"...)
		dst = append(dst, string(runes)...)
		dst = append(dst, "\x1b[0m"...)
	}
	return dst
}
