package abr

import (
	"strings"
	"testing"
	"time"
)

func TestLiveCap(t *testing.T) {
	live := func(lat, target time.Duration) Input {
		in := baseInput(2e6, 8*time.Second)
		in.ChunkDuration, in.ChunksLeft = 2*time.Second, -1
		in.LiveLatency, in.LiveTarget = lat, target
		return in
	}
	tests := []struct {
		name     string
		in       Input
		low      float64
		want     int
		inReason string
	}{
		{"vod", baseInput(2e6, 8*time.Second), 2e6, 5, ""},
		{"at the target", live(6*time.Second, 6*time.Second), 2e6, 5, ""},
		{"within the margin (one fragment)", live(8*time.Second, 6*time.Second), 2e6, 5, ""},
		{"behind: 70% of the low forecast", live(9*time.Second, 6*time.Second), 2e6, 2, "live latency 9.0 s over the 6.0 s target: 70% of the low forecast 2 Mbps"},
		{"behind on a fast link: no cap", live(9*time.Second, 6*time.Second), 20e6, 5, ""},
		{"behind, no forecast: hold", live(9*time.Second, 6*time.Second), 0, 2, "hold"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, why := liveCap(DefaultLiveConfig(), &tc.in, tc.low)
			if got != tc.want || !strings.Contains(why, tc.inReason) || (tc.inReason == "") != (why == "") {
				t.Errorf("cap %d (%q), want %d (%q)", got, why, tc.want, tc.inReason)
			}
		})
	}
}

// TestSmoothieLive: behind its target latency, the engine picks a lower level than
// it does for the same input at the target, and says why.
func TestSmoothieLive(t *testing.T) {
	in := baseInput(2.2e6, 6*time.Second)
	in.ChunkDuration, in.ChunksLeft = 2*time.Second, -1
	in.LiveTarget, in.LiveLatency = 6*time.Second, 6*time.Second
	at := NewSmoothie(DefaultSmoothieConfig()).Select(in)
	in.LiveLatency = 10 * time.Second
	behind := NewSmoothie(DefaultSmoothieConfig()).Select(in)
	t.Logf("at the target: %s; behind: %s", at.Reason, behind.Reason)
	if behind.Level >= at.Level || !strings.Contains(behind.Reason, "live latency 10.0 s") {
		t.Errorf("at the target level %d (%s); behind level %d (%s)", at.Level, at.Reason, behind.Level, behind.Reason)
	}
	var ruled bool
	for _, p := range behind.Proposals {
		ruled = ruled || p.Rule == "live"
	}
	if !ruled {
		t.Errorf("no live proposal in %+v", behind.Proposals)
	}
}

func TestLiveBuffer(t *testing.T) {
	tests := []struct {
		name                   string
		max, lat, target, want time.Duration
	}{
		{"vod keeps the cap", 30 * time.Second, 0, 0, 30 * time.Second},
		{"live: no more than the distance to the edge", 30 * time.Second, 7 * time.Second, 6 * time.Second, 7 * time.Second},
		{"live with a smaller cap", 4 * time.Second, 7 * time.Second, 6 * time.Second, 4 * time.Second},
		{"live, cap unknown", 0, 7 * time.Second, 6 * time.Second, 7 * time.Second},
	}
	for _, tc := range tests {
		in := Input{MaxBuffer: tc.max, LiveLatency: tc.lat, LiveTarget: tc.target}
		if got := liveBuffer(&in); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
