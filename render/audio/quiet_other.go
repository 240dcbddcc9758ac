//go:build !linux

package audio

// silenceStderr does nothing where the sound system does not print to stderr.
func silenceStderr() (restore func()) { return func() {} }
