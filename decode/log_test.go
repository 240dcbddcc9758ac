package decode

import (
	"strings"
	"sync"
	"testing"
)

// TestRouteFFmpegLog decodes a damaged sample and expects FFmpeg's complaint to
// arrive through the callback, naming the decoder.
func TestRouteFFmpegLog(t *testing.T) {
	vt, _ := demux(t, makeClip(t, clip{W: 176, H: 144, FPS: 25, Seconds: 1, GOP: 10}))
	var mu sync.Mutex
	var lines []string
	RouteFFmpegLog(LogError, func(sev LogSeverity, msg string) {
		mu.Lock()
		defer mu.Unlock()
		if sev == LogError {
			lines = append(lines, msg)
		}
	})
	defer RouteFFmpegLog(LogError, func(LogSeverity, string) {})
	v, err := NewVideo(vt.cfg, VideoOptions{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	samples := vt.samples[:12]
	bad := append([]byte(nil), samples[11].Data...)
	bad[0], bad[1] = 0x7f, 0xff
	samples[11].Data = bad
	for _, s := range samples {
		_ = v.Send(s) // the damaged one fails; that is the point
		for {
			f, err := v.Receive()
			if err != nil {
				break
			}
			v.Release(f)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(lines) == 0 {
		t.Fatal("no FFmpeg error routed")
	}
	if !strings.HasPrefix(lines[0], "h264: ") {
		t.Fatalf("first line %q does not name the decoder", lines[0])
	}
	t.Log(lines)
}
