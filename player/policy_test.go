package player

import (
	"testing"
	"time"
)

func TestThroughputRule(t *testing.T) {
	lv := []Level{{Bitrate: 100_000}, {Bitrate: 300_000}, {Bitrate: 800_000}}
	for _, tc := range []struct {
		name string
		in   PolicyInput
		want int
	}{
		{"startup", PolicyInput{Current: -1}, 0},
		{"fits middle", PolicyInput{Current: 0, Throughput: 500_000, Buffer: 10 * time.Second}, 1},
		{"fits top", PolicyInput{Current: 1, Throughput: 5_000_000, Buffer: 10 * time.Second}, 2},
		{"buffer low holds", PolicyInput{Current: 0, Throughput: 5_000_000, Buffer: time.Second}, 0},
		{"down ignores buffer", PolicyInput{Current: 2, Throughput: 200_000, Buffer: time.Second}, 0},
		{"cpu holds", PolicyInput{Current: 0, Throughput: 5_000_000, Buffer: 10 * time.Second, DecodeTime: 39 * time.Millisecond, FrameDuration: 40 * time.Millisecond}, 0},
		{"failures step down", PolicyInput{Current: 2, Throughput: 5_000_000, Failures: 2}, 1},
		{"no estimate keeps", PolicyInput{Current: 1}, 1},
		{"window cap holds below the top", PolicyInput{Current: 1, Throughput: 5_000_000, Buffer: 10 * time.Second, ViewCap: 2}, 1},
		{"window cap above the choice changes nothing", PolicyInput{Current: 0, Throughput: 500_000, Buffer: 10 * time.Second, ViewCap: 3}, 1},
	} {
		tc.in.Levels = lv
		got := (ThroughputRule{}).Select(tc.in)
		if got.Level != tc.want {
			t.Errorf("%s: level %d (%s), want %d", tc.name, got.Level, got.Reason, tc.want)
		}
		if capped := tc.in.ViewCap > 0 && tc.in.ViewCap-1 == got.Level && tc.in.ViewCap < len(lv); capped != (len(got.Caps) == 1 && got.Caps[0].Reason == CapWindow) {
			t.Errorf("%s: caps %+v", tc.name, got.Caps)
		}
	}
}
