package player

import (
	"testing"
	"time"
)

func TestRoomWait(t *testing.T) {
	s := time.Second
	for _, tc := range []struct{ ahead, target, want time.Duration }{
		{0, 30 * s, 0},
		{29 * s, 30 * s, 0},
		{30 * s, 30 * s, 10 * time.Millisecond},
		{30*s + 100*time.Millisecond, 30 * s, 110 * time.Millisecond},
		{40 * s, 30 * s, 250 * time.Millisecond},
		{-5 * s, 30 * s, 0},
	} {
		if got := roomWait(tc.ahead, tc.target); got != tc.want {
			t.Errorf("roomWait(%v, %v) = %v, want %v", tc.ahead, tc.target, got, tc.want)
		}
	}
}
