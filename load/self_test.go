package load

import (
	"strings"
	"testing"
	"time"
)

func TestJudgeSelf(t *testing.T) {
	ok := selfSecond{CPU: 0.4, Late: 5 * time.Millisecond}
	hot := selfSecond{CPU: 0.95, Late: 5 * time.Millisecond}
	late := selfSecond{CPU: 0.5, Late: 250 * time.Millisecond}
	tests := []struct {
		name string
		secs []selfSecond
		over int
		want string // in Bottleneck; "" none
	}{
		{"calm", []selfSecond{ok, ok, ok}, 0, ""},
		{"cpu", []selfSecond{ok, hot, hot}, 2, "CPU above 90% of 2 cores (GOMAXPROCS) for 2 s"},
		{"late", []selfSecond{ok, late}, 1, "late by up to 250 ms"},
		{"both", []selfSecond{hot, late}, 2, "CPU above 90% of 2 cores for 1 s and its scheduling late by up to 250 ms"},
		{"unknown cpu", []selfSecond{{CPU: -1}}, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := judgeSelf(tc.secs, 2)
			if s.SecondsOverLimit != tc.over || (tc.want == "") != (s.Bottleneck == "") || !strings.Contains(s.Bottleneck, tc.want) {
				t.Errorf("%+v, want %d s over and %q", s, tc.over, tc.want)
			}
		})
	}
	if s := judgeSelf([]selfSecond{{CPU: -1}}, 2); s.MeanCPU != -1 || s.PeakCPU != -1 {
		t.Errorf("unknown CPU read as %v/%v", s.MeanCPU, s.PeakCPU)
	}
}

func TestSpread(t *testing.T) {
	xs := make([]float64, 100)
	for i := range xs {
		xs[i] = float64(100 - i) // 100..1
	}
	if s := spread(xs); s != (Spread{P50: 50, P90: 90, P99: 99, Max: 100}) {
		t.Errorf("spread of 1..100: %+v", s)
	}
	if s := spread([]float64{3}); s != (Spread{3, 3, 3, 3}) {
		t.Errorf("spread of one: %+v", s)
	}
	if s := spread(nil); s != (Spread{}) {
		t.Errorf("spread of none: %+v", s)
	}
}
