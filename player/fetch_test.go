package player

import (
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	base, max := 200*time.Millisecond, 3*time.Second
	for attempt, want := range []time.Duration{200, 400, 800, 1600, 3000, 3000} {
		want *= time.Millisecond
		if got := backoff(attempt, base, max, 0.5); got != want {
			t.Errorf("attempt %d: %v, want %v", attempt, got, want)
		}
	}
	if lo, hi := backoff(1, base, max, 0), backoff(1, base, max, 0.999); lo != 200*time.Millisecond || hi < 590*time.Millisecond {
		t.Errorf("jitter range %v..%v", lo, hi)
	}
}
