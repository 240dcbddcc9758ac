package subs

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/smoothie-player/smoothie/text/ttml"
)

// splitLines strips a UTF-8 byte order mark and splits on LF, CRLF or CR.
func splitLines(b []byte) []string {
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	s := string(b)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Split(s, "\n")
}

// parseClock reads [h:]mm:ss[.,]fff with fraction digits as a decimal fraction
// of a second. Hours are required unless optHours.
func parseClock(s string, optHours bool) (time.Duration, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("%q: not a time (HH:MM:SS,mmm)", s)
	main, frac, _ := strings.Cut(strings.Replace(s, ",", ".", 1), ".")
	parts := strings.Split(main, ":")
	if len(parts) == 2 && optHours {
		parts = append([]string{"0"}, parts...)
	}
	if len(parts) != 3 {
		return 0, bad
	}
	var v [3]int64
	for i, p := range parts {
		if p == "" || len(p) > 9 || (i > 0 && len(p) != 2) {
			return 0, bad
		}
		for _, c := range p {
			if c < '0' || c > '9' {
				return 0, bad
			}
			v[i] = v[i]*10 + int64(c-'0')
		}
	}
	if v[1] > 59 || v[2] > 59 {
		return 0, bad
	}
	d := time.Duration(v[0])*time.Hour + time.Duration(v[1])*time.Minute + time.Duration(v[2])*time.Second
	if len(frac) > 9 {
		return 0, bad
	}
	scale := time.Second
	for _, c := range frac {
		if c < '0' || c > '9' {
			return 0, bad
		}
		scale /= 10
		d += time.Duration(c-'0') * scale
	}
	return d, nil
}

// timing reads "begin --> end[ settings]".
func timing(line string, optHours bool) (begin, end time.Duration, settings string, err error) {
	a, b, ok := strings.Cut(line, "-->")
	if !ok {
		return 0, 0, "", fmt.Errorf("%q: not a cue timing line (begin --> end)", clip(line))
	}
	b = strings.TrimLeft(b, " \t")
	endStr, settings, _ := strings.Cut(b, " ")
	if k := strings.IndexByte(endStr, '\t'); k >= 0 {
		endStr, settings = endStr[:k], endStr[k+1:]+" "+settings
	}
	if begin, err = parseClock(a, optHours); err != nil {
		return 0, 0, "", fmt.Errorf("cue begin %v", err)
	}
	if end, err = parseClock(endStr, optHours); err != nil {
		return 0, 0, "", fmt.Errorf("cue end %v", err)
	}
	return begin, end, strings.TrimSpace(settings), nil
}

// clip shortens a quoted line in an error message.
func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

// sortCues orders cues by begin time, keeping the file's order among equals.
func sortCues(c []ttml.Cue) {
	sort.SliceStable(c, func(i, j int) bool { return c[i].Begin < c[j].Begin })
}

// boundedLines splits b (of src) into lines, refusing more than MaxInput bytes or
// MaxLines lines before it holds them.
func boundedLines(b []byte, src string) ([]string, error) {
	if len(b) > MaxInput {
		return nil, &Error{Source: src, Err: fmt.Errorf("%d bytes: %w (limit %d)", len(b), ErrTooLarge, MaxInput)}
	}
	if n := bytes.Count(b, []byte("\n")) + bytes.Count(b, []byte("\r")); n > 2*MaxLines {
		return nil, &Error{Source: src, Err: fmt.Errorf("%d line ends: %w (limit %d lines)", n, ErrTooLarge, MaxLines)}
	}
	lines := splitLines(b)
	if len(lines) > MaxLines {
		return nil, &Error{Source: src, Err: fmt.Errorf("%d lines: %w (limit %d)", len(lines), ErrTooLarge, MaxLines)}
	}
	return lines, nil
}
