package abr

import "testing"

func TestLadderFitAndValidate(t *testing.T) {
	l := Bitrates(300_000, 750_000, 1_200_000)
	for _, tc := range []struct {
		bps  float64
		want int
	}{{0, 0}, {299_999, 0}, {300_000, 0}, {750_000, 1}, {1_199_999, 1}, {5e6, 2}} {
		if got := l.Fit(tc.bps); got != tc.want {
			t.Errorf("Fit(%v) = %d, want %d", tc.bps, got, tc.want)
		}
	}
	if err := l.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	for _, bad := range []Ladder{nil, Bitrates(300, 300), Bitrates(500, 300), Bitrates(0)} {
		if bad.Validate() == nil {
			t.Errorf("Validate(%v) = nil, want an error", bad)
		}
	}
	if l.Clamp(-3) != 0 || l.Clamp(9) != 2 {
		t.Error("Clamp does not bound")
	}
}

func TestExplain(t *testing.T) {
	l := Bitrates(1_850_000, 2_850_000)
	for _, tc := range []struct {
		from, to int
		want     string
	}{
		{1, 0, "↓ 2850→1850 kbps: safe throughput 1.7 Mbps; buffer 6.1 s"},
		{0, 1, "↑ 1850→2850 kbps: safe throughput 1.7 Mbps; buffer 6.1 s"},
		{-1, 0, "start 1850 kbps: safe throughput 1.7 Mbps; buffer 6.1 s"},
		{1, 1, "= 2850 kbps: safe throughput 1.7 Mbps; buffer 6.1 s"},
	} {
		if got := explain(l, tc.from, tc.to, "safe throughput 1.7 Mbps", "", "buffer 6.1 s"); got != tc.want {
			t.Errorf("explain(%d→%d) = %q, want %q", tc.from, tc.to, got, tc.want)
		}
	}
}
