package decode

import (
	"strings"
	"sync"

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
// for main to do once; fn may be called from FFmpeg's decoding threads. An open
// Demuxer hears its own context's warnings whatever min is (it counts RTP loss
// from them).
func RouteFFmpegLog(min LogSeverity, fn func(sev LogSeverity, msg string)) {
	logs.route(min, fn)
}

// logs is the one router of FFmpeg's process-wide logger: the main routing
// (RouteFFmpegLog) and the taps of open demuxers, each hearing the messages of its
// own format context. It is package state because FFmpeg's logger is process
// state; nothing else in the package is.
var logs = &logRouter{min: LogError, taps: map[astiav.Classer]func(LogSeverity, string){}}

type logRouter struct {
	mu        sync.Mutex
	min       LogSeverity
	fn        func(LogSeverity, string)
	taps      map[astiav.Classer]func(LogSeverity, string)
	installed bool
}

func (r *logRouter) route(min LogSeverity, fn func(LogSeverity, string)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.min, r.fn = min, fn
	r.apply()
}

// tap has fn hear the messages FFmpeg logs on c (warnings and worse) until the
// returned function is called.
func (r *logRouter) tap(c astiav.Classer, fn func(LogSeverity, string)) (untap func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.taps[c] = fn
	r.apply()
	return func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		delete(r.taps, c)
		r.apply()
	}
}

// apply sets FFmpeg's level and callback for the routing and taps now; r.mu held.
func (r *logRouter) apply() {
	level := r.min.level()
	if r.fn == nil {
		level = astiav.LogLevelQuiet
	}
	if len(r.taps) > 0 && level < astiav.LogLevelWarning {
		level = astiav.LogLevelWarning
	}
	astiav.SetLogLevel(level)
	if !r.installed {
		astiav.SetLogCallback(r.callback)
		r.installed = true
	}
}

func (r *logRouter) callback(c astiav.Classer, l astiav.LogLevel, _, msg string) {
	msg = strings.TrimRight(msg, "\n")
	if msg == "" {
		return
	}
	sev := severityOf(l)
	r.mu.Lock()
	tap, fn, min := r.taps[c], r.fn, r.min
	r.mu.Unlock()
	if tap != nil {
		tap(sev, msg)
	}
	if fn == nil || sev > min {
		return
	}
	if c != nil {
		if cl := c.Class(); cl != nil {
			msg = cl.ItemName() + ": " + msg
		}
	}
	fn(sev, msg)
}
