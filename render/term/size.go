//go:build unix

package term

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// Size returns the size in cells of the terminal f is connected to.
func Size(f *os.File) (cols, rows int, err error) {
	ws, err := unix.IoctlGetWinsize(int(f.Fd()), unix.TIOCGWINSZ)
	if err != nil {
		return 0, 0, fmt.Errorf("render/term: terminal size of %s: %w", f.Name(), err)
	}
	return int(ws.Col), int(ws.Row), nil
}

// CellAspect returns the height over the width of the terminal's cells when the
// terminal reports its size in pixels (many do), else DefaultCellAspect.
func CellAspect(f *os.File) float64 {
	ws, err := unix.IoctlGetWinsize(int(f.Fd()), unix.TIOCGWINSZ)
	if err != nil || ws.Col == 0 || ws.Row == 0 || ws.Xpixel == 0 || ws.Ypixel == 0 {
		return DefaultCellAspect
	}
	a := (float64(ws.Ypixel) / float64(ws.Row)) / (float64(ws.Xpixel) / float64(ws.Col))
	if a < 0.5 || a > 4 {
		return DefaultCellAspect
	}
	return a
}
