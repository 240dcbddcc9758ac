//go:build !unix

package term

import (
	"fmt"
	"os"

	xterm "github.com/charmbracelet/x/term"
)

// Size returns the size in cells of the terminal f is connected to: on Windows the
// visible window of the console screen buffer; elsewhere without a terminal API
// it is an error.
func Size(f *os.File) (cols, rows int, err error) {
	cols, rows, err = xterm.GetSize(f.Fd())
	if err != nil {
		return 0, 0, fmt.Errorf("render/term: terminal size of %s: %w", f.Name(), err)
	}
	return cols, rows, nil
}

// CellAspect returns DefaultCellAspect: the Windows console does not report its
// size in pixels the way TIOCGWINSZ does on Unix terminals (its font size would
// need GetCurrentConsoleFontEx, which golang.org/x/sys/windows does not offer, and
// is not the font of Windows Terminal anyway), so the common 2:1 cell is assumed.
func CellAspect(f *os.File) float64 { return DefaultCellAspect }
