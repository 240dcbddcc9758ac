package main

import (
	"errors"
	"fmt"
	"io"
)

// playError ends play with a message and an exit code.
type playError struct {
	code int
	msg  string
}

func (e playError) Error() string { return e.msg }

// usageError is bad usage (exit 2); failure a runtime failure (exit 1).
func usageError(format string, a ...any) error {
	return playError{exitUsage, fmt.Sprintf(format, a...)}
}

func failure(format string, a ...any) error {
	return playError{exitFailure, fmt.Sprintf(format, a...)}
}

// playExit is play's exit code for err, which it reports on stderr.
func playExit(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "smoothie play: %s\n", err)
	var pe playError
	if errors.As(err, &pe) {
		return pe.code
	}
	return exitFailure
}
