package subs

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/smoothie-player/smoothie/text/ttml"
)

// ParseVTT reads a WebVTT file into cues sorted by begin time: the WEBVTT
// header, cues with optional identifiers, and NOTE, STYLE and REGION blocks
// (skipped). Of the cue settings, line (a percentage or a line number) and align
// give the cue a region; the rest are ignored. Control characters are dropped
// from the text.
func ParseVTT(b []byte) ([]ttml.Cue, error) {
	return parseVTT(b, "vtt")
}

func parseVTT(b []byte, src string) ([]ttml.Cue, error) {
	lines, err := boundedLines(b, src)
	if err != nil {
		return nil, err
	}
	if !keyword(lines[0], "WEBVTT") {
		return nil, &Error{Source: src, Line: 1, Err: errors.New("no WEBVTT header")}
	}
	i := 1
	for i < len(lines) && !blank(lines[i]) { // header text
		if strings.Contains(lines[i], "-->") {
			break
		}
		i++
	}
	var cues []ttml.Cue
	for i < len(lines) {
		if blank(lines[i]) {
			i++
			continue
		}
		if keyword(lines[i], "NOTE") || keyword(lines[i], "STYLE") || keyword(lines[i], "REGION") {
			for i < len(lines) && !blank(lines[i]) {
				i++
			}
			continue
		}
		if !strings.Contains(lines[i], "-->") {
			i++ // cue identifier
			if i >= len(lines) || blank(lines[i]) {
				return nil, &Error{Source: src, Line: i, Err: fmt.Errorf("%q: a cue identifier without a timing line", clip(lines[i-1]))}
			}
		}
		begin, end, settings, err := timing(lines[i], true)
		if err != nil {
			return nil, &Error{Source: src, Line: i + 1, Err: err}
		}
		if end < begin {
			return nil, &Error{Source: src, Line: i + 1, Err: fmt.Errorf("cue ends (%v) before it begins (%v)", end, begin)}
		}
		i++
		var text []string
		for i < len(lines) && !blank(lines[i]) && !strings.Contains(lines[i], "-->") {
			text = append(text, lines[i])
			i++
		}
		c := ttml.Cue{Begin: begin, End: end, Lines: markup(text, true), Region: vttRegion(settings)}
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

// keyword reports whether line is word alone or followed by a space or tab.
func keyword(line, word string) bool {
	if !strings.HasPrefix(line, word) {
		return false
	}
	rest := line[len(word):]
	return rest == "" || rest[0] == ' ' || rest[0] == '\t'
}

// vttRows is how many lines of text a WebVTT line number counts in: the video
// height divided like TTML's default cell grid.
const vttRows = 15

// vttRegion maps the line and align settings to a region; nil is the default
// (bottom, centred).
func vttRegion(settings string) *ttml.Region {
	align := "center"
	line := ""
	for _, f := range strings.Fields(settings) {
		k, v, ok := strings.Cut(f, ":")
		if !ok {
			continue
		}
		switch k {
		case "align":
			switch v {
			case "start", "end", "left", "right", "center":
				align = v
			case "middle":
				align = "center"
			}
		case "line":
			line, _, _ = strings.Cut(v, ",")
		}
	}
	r := &ttml.Region{ExtentX: 1, ExtentY: 1, DisplayAlign: "after", TextAlign: align}
	switch {
	case line == "" || line == "auto":
	case strings.HasSuffix(line, "%"):
		p, err := strconv.ParseFloat(strings.TrimSuffix(line, "%"), 64)
		if err != nil || p < 0 || p > 100 {
			break
		}
		r.OriginY, r.ExtentY, r.DisplayAlign = p/100, 1-p/100, "before"
	default:
		n, err := strconv.Atoi(line)
		if err != nil || n < -vttRows || n > vttRows {
			break
		}
		if n >= 0 {
			r.OriginY = float64(n) / vttRows
			r.ExtentY = 1 - r.OriginY
			r.DisplayAlign = "before"
		} else {
			r.ExtentY = 1 - float64(-n-1)/vttRows
		}
	}
	if r.DisplayAlign == "after" && r.ExtentY == 1 && align == "center" {
		return nil
	}
	return r
}
