package smooth

import (
	"errors"
	"fmt"
)

// ErrTooLarge is returned for input larger than the parser's cap.
var ErrTooLarge = errors.New("too large")

// ParseError says where in which document parsing failed: a file name or URL, and a
// line (XML) or byte offset (boxes).
type ParseError struct {
	// Source names the document: a file name or URL; may be empty.
	Source string
	// Line is the 1-based XML line, 0 when unknown.
	Line int
	// Offset is the byte offset for binary input, -1 when not applicable.
	Offset int64
	Err    error
}

func (e *ParseError) Error() string {
	src := e.Source
	if src == "" {
		src = "input"
	}
	switch {
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %v", src, e.Line, e.Err)
	case e.Offset >= 0:
		return fmt.Sprintf("%s: offset %d: %v", src, e.Offset, e.Err)
	}
	return fmt.Sprintf("%s: %v", src, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }
