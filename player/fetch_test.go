package player

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/iotest"
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

func TestReadAll(t *testing.T) {
	calls := 0
	b, err := readAll(iotest.OneByteReader(strings.NewReader("hello")), 10, 5, func(int) { calls++ })
	if err != nil || string(b) != "hello" || calls != 5 {
		t.Fatalf("%q %v %d", b, err, calls)
	}
	if _, err := readAll(strings.NewReader("hello"), 10, 9, func(int) {}); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Fatalf("short body: %v", err)
	}
	if _, err := readAll(bytes.NewReader(make([]byte, 100)), 10, -1, func(int) {}); err == nil {
		t.Fatal("oversize body accepted")
	}
	boom := errors.New("boom")
	if _, err := readAll(iotest.ErrReader(boom), 10, -1, func(int) {}); !errors.Is(err, boom) {
		t.Fatalf("read error: %v", err)
	}
}
