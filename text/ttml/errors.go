package ttml

import (
	"errors"
	"fmt"
)

// Sentinel errors, wrapped by Parse's errors for the cases callers act on.
var (
	ErrTooLarge    = errors.New("too large")
	ErrTooDeep     = errors.New("nested too deeply")
	ErrTooManyCues = errors.New("too many cues")
	// ErrNoCue: the body has content but none of it makes a cue.
	ErrNoCue = errors.New("no cue")
)

// Error is a parse error at a line of the document (0 when not known).
type Error struct {
	Line int
	Err  error
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("ttml: line %d: %v", e.Line, e.Err)
	}
	return fmt.Sprintf("ttml: %v", e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

func errAt(line int, format string, args ...any) error {
	return &Error{Line: line, Err: fmt.Errorf(format, args...)}
}
