package audio

import (
	"os"

	"golang.org/x/sys/unix"
)

// silenceStderr points the process's standard error (fd 2) at /dev/null and returns
// what puts it back. ALSA and JACK print a page of messages to fd 2 while looking
// for a device that is not there; this keeps them off a terminal the TUI draws on.
func silenceStderr() (restore func()) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return func() {}
	}
	defer null.Close()
	saved, err := unix.Dup(2)
	if err != nil {
		return func() {}
	}
	if err := unix.Dup3(int(null.Fd()), 2, 0); err != nil {
		unix.Close(saved)
		return func() {}
	}
	return func() {
		unix.Dup3(saved, 2, 0)
		unix.Close(saved)
	}
}
