package decode

import (
	"strings"

	"github.com/asticode/go-astiav"
)

// LogSeverity ranks FFmpeg's log messages.
type LogSeverity int

// Severities, most severe first.
const (
	LogError LogSeverity = iota
	LogWarning
	LogInfo
	LogDebug
)

// level is FFmpeg's level for s.
func (s LogSeverity) level() astiav.LogLevel {
	switch s {
	case LogError:
		return astiav.LogLevelError
	case LogWarning:
		return astiav.LogLevelWarning
	case LogInfo:
		return astiav.LogLevelInfo
	}
	return astiav.LogLevelDebug
}

// severityOf maps an FFmpeg level to the nearest LogSeverity.
func severityOf(l astiav.LogLevel) LogSeverity {
	switch {
	case l <= astiav.LogLevelError:
		return LogError
	case l <= astiav.LogLevelWarning:
		return LogWarning
	case l <= astiav.LogLevelInfo:
		return LogInfo
	}
	return LogDebug
}

// RouteFFmpegLog sends FFmpeg's messages of severity min or worse to fn, one line at
// a time ("h264: error while decoding MB 3 4"), instead of to stderr, which the TUI
// owns. A nil fn silences FFmpeg. FFmpeg's logger is process-wide, so this is wiring
// for main to do once; fn may be called from FFmpeg's decoding threads.
func RouteFFmpegLog(min LogSeverity, fn func(sev LogSeverity, msg string)) {
	if fn == nil {
		astiav.SetLogLevel(astiav.LogLevelQuiet)
		return
	}
	astiav.SetLogLevel(min.level())
	astiav.SetLogCallback(func(c astiav.Classer, l astiav.LogLevel, _, msg string) {
		msg = strings.TrimRight(msg, "\n")
		if msg == "" {
			return
		}
		if c != nil {
			if cl := c.Class(); cl != nil {
				msg = cl.ItemName() + ": " + msg
			}
		}
		fn(severityOf(l), msg)
	})
}
