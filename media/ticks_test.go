package media

import (
	"testing"
	"time"
)

func TestTicks(t *testing.T) {
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
		if got := Ticks(tc.ticks, tc.timescale); got != tc.want {
			t.Errorf("Ticks(%d, %d) = %v, want %v", tc.ticks, tc.timescale, got, tc.want)
		}
	}
}
