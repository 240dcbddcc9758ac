package main

import (
	"io"
	"os"

	"github.com/charmbracelet/x/term"
)

// isTerminal is true when w is a terminal: a file whose termios can be read, so
// /dev/null and other character devices are not.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
