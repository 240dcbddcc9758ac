package main

import (
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/decode"
	"github.com/smoothie-player/smoothie/player"
)

// openLog opens --log for the player's and FFmpeg's diagnostics.
func (p *playback) openLog(cfg *player.Config) error {
	logf, closeLog, err := openPlayLog(p.f.logFile)
	if err != nil {
		return failure("--log: %v", err)
	}
	p.onClose(closeLog)
	p.logf, cfg.Logf = logf, logf
	// FFmpeg writes to stderr, which belongs to the UI: its warnings go to the log.
	decode.RouteFFmpegLog(decode.LogWarning, func(_ decode.LogSeverity, msg string) { logf("ffmpeg: %s", msg) })
	return nil
}

// openPlayLog opens the diagnostics log: a file with a timestamp per line, or a
// function that drops everything when name is empty. It is safe for concurrent use.
func openPlayLog(name string) (func(string, ...any), func(), error) {
	if name == "" {
		return func(string, ...any) {}, func() {}, nil
	}
	f, err := os.OpenFile(name, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, nil, err
	}
	var mu sync.Mutex
	logf := func(format string, a ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(f, "%s %s\n", time.Now().Format("15:04:05.000"), fmt.Sprintf(format, a...))
	}
	return logf, func() { mu.Lock(); defer mu.Unlock(); f.Close() }, nil
}
