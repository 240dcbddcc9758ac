package player

import (
	"testing"
	"time"
)

func TestEWMAEstimator(t *testing.T) {
	e := NewEWMAEstimator()
	if e.Estimate() != 0 {
		t.Fatal("empty estimator has an estimate")
	}
	e.Observe(Transfer{Bytes: 100, Duration: time.Second}) // too small: ignored
	if e.Estimate() != 0 {
		t.Fatal("tiny transfer counted")
	}
	e.Observe(Transfer{Bytes: 125_000, Duration: time.Second, Concurrency: 1})
	if got := e.Estimate(); got < 990_000 || got > 1_010_000 {
		t.Fatalf("one 1 Mbit/s sample: %d", got)
	}
	for range 10 {
		e.Observe(Transfer{Bytes: 25_000, Duration: time.Second, Concurrency: 1})
	}
	if got := e.Estimate(); got > 260_000 {
		t.Fatalf("after a drop to 200 kbit/s the estimate stays at %d", got)
	}
	e.Observe(Transfer{Bytes: 62_500, ConcurrentBytes: 62_500, Duration: time.Second, Concurrency: 2})
	if got := e.Estimate(); got < 200_000 {
		t.Fatalf("shared transfer lowered the estimate: %d", got)
	}
}
