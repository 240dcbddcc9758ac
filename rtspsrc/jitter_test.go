package rtspsrc

import (
	"testing"
	"time"
)

// TestJitter: frames arriving exactly at their pace have no jitter; arrivals
// alternating 10 ms early and late converge on RFC 3550's figure for that (the
// mean |D| of 20 ms); frames sharing a timestamp count once.
func TestJitter(t *testing.T) {
	t0 := time.Unix(1000, 0)
	frame := 40 * time.Millisecond
	for _, tc := range []struct {
		name     string
		offset   func(i int) time.Duration // arrival − pace
		repeat   int                       // packets per timestamp
		min, max time.Duration
	}{
		{"steady", func(int) time.Duration { return 0 }, 1, 0, 0},
		{"steady, split frames", func(int) time.Duration { return 0 }, 3, 0, 0},
		{"±10 ms", func(i int) time.Duration { return time.Duration(i%2*20-10) * time.Millisecond }, 1, 19 * time.Millisecond, 20 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var j jitter
			for i := range 400 {
				for r := range tc.repeat {
					at := t0.Add(time.Duration(i)*frame + tc.offset(i) + time.Duration(r)*time.Millisecond)
					j.add(at, time.Duration(i)*frame)
				}
			}
			if got := j.value(); got < tc.min || got > tc.max {
				t.Fatalf("jitter %v, want %v..%v", got, tc.min, tc.max)
			}
		})
	}
	var j jitter
	j.add(t0, 0)
	j.reset()
	j.add(t0.Add(time.Hour), 0) // a new connection: no jump counted
	if j.value() != 0 {
		t.Fatalf("jitter %v across a reset", j.value())
	}
}
