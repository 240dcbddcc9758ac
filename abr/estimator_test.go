package abr

import (
	"math"
	"testing"
	"time"
)

func TestEstimator(t *testing.T) {
	e := Estimator{Config: DefaultEstimatorConfig()}
	big := steadyTransfers(8, 2e6, 500_000)
	tests := []struct {
		name    string
		ts      []Transfer
		wantBps float64 // expected Safe(), ±5 %
	}{
		{"none", nil, 0},
		{"steady 2 Mbit/s, TTFB excluded", big, 2e6},
		{"tiny fragments are ignored", append(append([]Transfer(nil), big...),
			Transfer{Bytes: 2000, TTFB: 80 * time.Millisecond, Duration: 90 * time.Millisecond}), 2e6},
		{"parallel audio: link rate counts the audio bytes", []Transfer{
			{Bytes: 400_000, TTFB: 50 * time.Millisecond, Duration: 2050 * time.Millisecond, ConcurrentBytes: 100_000},
			{Audio: true, Bytes: 100_000, Duration: 2 * time.Second},
			{Bytes: 400_000, TTFB: 50 * time.Millisecond, Duration: 2050 * time.Millisecond, ConcurrentBytes: 100_000},
		}, 2e6},
		{"drop: the conservative read-out follows down", append(append([]Transfer(nil), big...), steadyTransfers(4, 0.5e6, 500_000)...), 0.5e6},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := e.Estimate(tc.ts).Safe()
			if tc.wantBps == 0 {
				if got != 0 {
					t.Fatalf("Safe = %v, want 0", got)
				}
				return
			}
			if math.Abs(got-tc.wantBps)/tc.wantBps > 0.05 {
				t.Errorf("Safe = %.0f, want %.0f", got, tc.wantBps)
			}
		})
	}
}

func TestHarmonicMeanAndRobustForecast(t *testing.T) {
	if hm := harmonicMean([]float64{1, 2, 4}); math.Abs(hm-12.0/7) > 1e-12 {
		t.Errorf("harmonicMean = %v", hm)
	}
	// After 1,1,1,1,1 then 2: the last error is |1−2|/2 = 0.5.
	f, hm, e := robustForecast([]float64{1, 1, 1, 1, 1, 2})
	if math.Abs(e-0.5) > 1e-12 || math.Abs(f-hm/1.5) > 1e-12 {
		t.Errorf("robustForecast: future %v hm %v err %v", f, hm, e)
	}
}
