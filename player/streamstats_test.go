package player

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestStreamStats(t *testing.T) {
	zero := time.Unix(1000, 0)
	s := StreamStats{Transport: "tcp", Received: 190, Lost: 10, SentZero: zero,
		Streams: []StreamStat{{Kind: "video", Codec: "h264", Packets: 120, Frames: 50, Jitter: 3 * time.Millisecond, Bitrate: 300_000}}}
	if r := s.LossRatio(); r != 0.05 {
		t.Fatalf("loss ratio %v", r)
	}
	if (StreamStats{}).LossRatio() != 0 {
		t.Fatal("loss ratio of nothing")
	}
	// Position 2 s, presented 2.5 s after position 0 was sent: 500 ms behind.
	if l := streamLatency(&s, 2*time.Second, zero.Add(2500*time.Millisecond)); l != 500*time.Millisecond {
		t.Fatalf("latency %v", l)
	}
	if l := streamLatency(&StreamStats{}, time.Second, zero); l != 0 {
		t.Fatalf("latency %v before the sender's clock is known", l)
	}
	s.Latency = 500 * time.Millisecond
	if line := s.Line(); line != "rtsp tcp loss 5.0% (10/200) jitter v 3.0ms bitrate v 300k latency 0.50s reconnects 0" {
		t.Fatalf("line %q", line)
	}
	b, err := json.Marshal(NewStreamSummary(&s))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"transport":"tcp"`, `"packets_lost":10`, `"loss_ratio":0.05`, `"latency_ms":500`, `"jitter_ms":3`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("summary %s lacks %s", b, want)
		}
	}
	if NewStreamSummary(nil) != nil {
		t.Fatal("a summary of no stream")
	}
}
