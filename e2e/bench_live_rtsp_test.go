package e2e

import (
	"testing"
	"time"
)

// BenchmarkLiveRTSPLatency: `smoothie play` on GStreamer's rtsp-server (the
// synthetic clip over UDP, the default 200 ms jitter buffer, no sound device so
// the playhead runs from the first frame): the latency from the server's send time
// to the playhead (the summary's stream.latency_ms, through the RTCP NTP mapping
// and the arrivals, see docs/play.md#rtsp), against its floor, the jitter buffer
// and one frame.
func BenchmarkLiveRTSPLatency(b *testing.B) {
	const buffer, frame = 200 * time.Millisecond, 40 * time.Millisecond
	floor := buffer + frame
	clip := rtspClip(b)
	for range b.N {
		srv := startRTSPServer(b, clip, 0)
		r := rtspPlay(b, nil, srv.url, 12*time.Second, "--audio", "none", "--rtsp-transport", "udp", "--rtsp-buffer", buffer.String())
		if r.sum.Stream == nil || r.sum.Stream.LatencyMS <= 0 {
			b.Fatalf("no latency: %s", r)
		}
		lat := time.Duration(r.sum.Stream.LatencyMS * float64(time.Millisecond))
		b.Logf("send to presentation %v, floor %v (buffer %v + a frame): %s", lat.Round(time.Millisecond), floor, buffer, r)
		reportLatency(b, "rtsp", lat, floor)
	}
}
