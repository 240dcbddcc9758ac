package subs

import (
	"errors"
	"fmt"
)

// Limits, as in package ttml.
const (
	MaxInput = 64 << 20
	MaxCues  = 100000
	MaxLines = 20 * MaxCues
)

// Sentinel errors wrapped by the readers' errors.
var (
	ErrTooLarge    = errors.New("too large")
	ErrTooManyCues = errors.New("too many cues")
)

// Error is a read error at a line of a subtitle file.
type Error struct {
	// Source is the file name, or the format ("srt", "vtt") when not known.
	Source string
	Line   int
	Err    error
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s: line %d: %v", e.Source, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Source, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }
