package decode

import (
	"testing"
	"time"
)

func TestTicksToDuration(t *testing.T) {
	for _, tc := range []struct {
		ticks     int64
		timescale uint64
		want      time.Duration
	}{
		{0, 10_000_000, 0},
		{10_000_000, 10_000_000, time.Second},
		{1001, 30000, 33366666 * time.Nanosecond},
		{-512, 48000, -10666666 * time.Nanosecond},
		{17_000_000_000_000_000, 10_000_000, 1_700_000_000 * time.Second},
		{5, 0, 0},
	} {
		if got := ticksToDuration(tc.ticks, tc.timescale); got != tc.want {
			t.Errorf("ticksToDuration(%d, %d) = %v, want %v", tc.ticks, tc.timescale, got, tc.want)
		}
	}
}
