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
