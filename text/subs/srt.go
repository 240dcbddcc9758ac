package subs

import (
	"fmt"
	"strings"

	"github.com/smoothie-player/smoothie/text/ttml"
)

// ParseSRT reads a SubRip file into cues sorted by begin time. Cue numbers are
// optional; a cue ending before it begins is an error, one with no text or no
// duration is skipped. Times are HH:MM:SS,mmm (a '.' is accepted for the ',').
// Control characters are dropped from the text.
func ParseSRT(b []byte) ([]ttml.Cue, error) {
	return parseSRT(b, "srt")
}

func parseSRT(b []byte, src string) ([]ttml.Cue, error) {
	lines, err := boundedLines(b, src)
	if err != nil {
		return nil, err
	}
	var cues []ttml.Cue
	isTiming := func(i int) bool { return i < len(lines) && strings.Contains(lines[i], "-->") }
	isNumber := func(s string) bool {
		s = strings.TrimSpace(s)
		if s == "" {
			return false
		}
		for _, c := range s {
			if c < '0' || c > '9' {
				return false
			}
		}
		return true
	}
	for i := 0; i < len(lines); {
		if blank(lines[i]) {
			i++
			continue
		}
		if isNumber(lines[i]) && isTiming(i+1) {
			i++
		}
		begin, end, _, err := timing(lines[i], false)
		if err != nil {
			return nil, &Error{Source: src, Line: i + 1, Err: err}
		}
		if end < begin {
			return nil, &Error{Source: src, Line: i + 1, Err: fmt.Errorf("cue ends (%v) before it begins (%v)", end, begin)}
		}
		i++
		var text []string
		for i < len(lines) && !blank(lines[i]) {
			// A cue without the blank line before the next one.
			if isTiming(i) || (isNumber(lines[i]) && isTiming(i+1)) {
				break
			}
			text = append(text, lines[i])
			i++
		}
		c := ttml.Cue{Begin: begin, End: end, Lines: markup(text, false)}
		if len(c.Lines) == 0 || end == begin {
			continue
		}
		if len(cues) >= MaxCues {
			return nil, &Error{Source: src, Line: i, Err: fmt.Errorf("%w (limit %d)", ErrTooManyCues, MaxCues)}
		}
		cues = append(cues, c)
	}
	sortCues(cues)
	return cues, nil
}
