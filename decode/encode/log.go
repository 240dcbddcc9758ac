package encode

import "github.com/asticode/go-astiav"

// QuietLogs makes FFmpeg (and the x264/x265 wrappers) print only errors. It changes
// FFmpeg's process-wide log level, so only a program's main or a test calls it.
func QuietLogs() { astiav.SetLogLevel(astiav.LogLevelError) }
