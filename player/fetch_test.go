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

// TestWaitingForTheOrigin: the wait counts from the first request made since the
// origin last answered, or its last byte, whichever is later; 0 with nothing open.
func TestWaitingForTheOrigin(t *testing.T) {
	t0 := time.Unix(1000, 0)
	c := &stepClock{now: t0}
	f := &fetcher{clock: c}
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	if w := f.waiting(at(0)); w != 0 {
		t.Fatalf("nothing open: waiting %v", w)
	}
	f.open(at(0))
	if w := f.waiting(at(3 * time.Second)); w != 3*time.Second {
		t.Errorf("one request open 3 s: waiting %v", w)
	}
	f.open(at(4 * time.Second)) // a second request does not restart the wait
	if w := f.waiting(at(5 * time.Second)); w != 5*time.Second {
		t.Errorf("two open: waiting %v, want 5s", w)
	}
	c.now = at(6 * time.Second)
	f.hear()
	if w := f.waiting(at(7 * time.Second)); w != time.Second {
		t.Errorf("a byte at 6 s: waiting %v at 7 s, want 1s", w)
	}
	f.close()
	f.close()
	if w := f.waiting(at(9 * time.Second)); w != 0 {
		t.Errorf("all closed: waiting %v", w)
	}
	// After an answer, a new request starts a new wait…
	f.open(at(20 * time.Second))
	if w := f.waiting(at(21 * time.Second)); w != time.Second {
		t.Errorf("a new request after an answer: waiting %v, want 1s", w)
	}
	// …and the retry of a request that got nothing goes on counting.
	f.close()
	f.open(at(25 * time.Second))
	if w := f.waiting(at(26 * time.Second)); w != 6*time.Second {
		t.Errorf("a retry: waiting %v, want 6s (from the first attempt)", w)
	}
}

// stepClock is a Clock that says what the test sets.
type stepClock struct {
	Clock
	now time.Time
}

func (c *stepClock) Now() time.Time { return c.now }
