package player

import (
	"strings"
	"testing"
	"time"
)

func TestFirstByteWait(t *testing.T) {
	for _, c := range []struct {
		buffer  time.Duration
		attempt int
		want    time.Duration
	}{
		{0, 0, 2 * time.Second},                 // nothing buffered: the floor
		{3 * time.Second, 0, 2 * time.Second},   // half of 3 s is under the floor
		{12 * time.Second, 0, 6 * time.Second},  // half the buffer
		{40 * time.Second, 0, 10 * time.Second}, // the first-byte timeout bounds it
		{0, 1, 4 * time.Second},                 // each attempt doubles the floor
		{0, 2, 8 * time.Second},
		{0, 3, 10 * time.Second},
		{0, 60, 10 * time.Second}, // no overflow
	} {
		if got := firstByteWait(c.buffer, c.attempt, 10*time.Second); got != c.want {
			t.Errorf("firstByteWait(%v, attempt %d) = %v, want %v", c.buffer, c.attempt, got, c.want)
		}
	}
}

func TestJudgeLoad(t *testing.T) {
	ladder := []int64{300_000, 800_000, 1_600_000, 3_000_000}
	sit := func(level int, buffer time.Duration) loadSituation {
		return loadSituation{Buffer: buffer, AtRequest: buffer, FirstByteMax: 10 * time.Second, Chunk: 2 * time.Second,
			Level: level, Bitrates: ladder, Abandon: true}
	}
	const top = 750_000 // bytes of a 2 s fragment at 3 Mbit/s
	started := func(elapsed time.Duration, got int64) loadProgress {
		return loadProgress{Elapsed: elapsed, Started: true, TTFB: 50 * time.Millisecond, Got: got, Total: top}
	}
	for _, c := range []struct {
		name    string
		p       loadProgress
		s       loadSituation
		abandon bool
		to      int
		nothing bool // NoResponse
	}{
		{name: "no response yet, within the wait", p: loadProgress{Elapsed: 1900 * time.Millisecond}, s: sit(3, 0)},
		{name: "no response in 2 s on an empty buffer", p: loadProgress{Elapsed: 2 * time.Second}, s: sit(3, 0), nothing: true},
		{name: "no response in 2 s on a full buffer: still waits", p: loadProgress{Elapsed: 2 * time.Second}, s: sit(3, 20*time.Second)},
		{name: "no response in 10 s on a full buffer", p: loadProgress{Elapsed: 10 * time.Second}, s: sit(3, 20*time.Second), nothing: true},
		{name: "no response at the lowest level either", p: loadProgress{Elapsed: 2 * time.Second}, s: sit(0, 0), nothing: true},
		{name: "slow, but within the grace", p: started(400*time.Millisecond, 1000), s: sit(3, time.Second)},
		{name: "fast enough for the buffer", p: started(time.Second, 400_000), s: sit(3, 2*time.Second)},
		// 105 KB/s: 6.2 s to go on a 3 s buffer; at 1.6 Mbit/s the chunk would take 3.9 s, at 800k 1.95 s.
		{name: "too slow: down to what fits", p: started(time.Second, 100_000), s: sit(3, 3*time.Second), abandon: true, to: 1},
		// 105 KB/s on 9 s of buffer: the 6.2 s to go fit, it is kept.
		{name: "slow but the buffer outlasts it", p: started(time.Second, 100_000), s: sit(3, 9*time.Second)},
		{name: "nothing fits: the lowest", p: started(time.Second, 10_000), s: sit(3, 500*time.Millisecond), abandon: true, to: 0},
		{name: "no body byte at all: the lowest", p: started(time.Second, 0), s: sit(2, 5*time.Second), abandon: true, to: 0},
		{name: "the lowest level is kept", p: started(time.Second, 0), s: sit(0, 0)},
		{name: "audio or a pin is kept", p: started(time.Second, 0), s: func() loadSituation { s := sit(3, 0); s.Abandon = false; return s }()},
		// Nearly done: 700 of 750 KB at 350 KB/s, 0.14 s to go, no buffer; a
		// refetch at 300k (75 KB) would take 0.26 s.
		{name: "finishing is quicker than a refetch", p: started(2*time.Second, 700_000), s: sit(3, 0)},
		// A download faster than real time is not abandoned for a stall the
		// buffer's size alone causes (after a seek).
		{name: "faster than real time", p: started(600*time.Millisecond, 300_000), s: sit(3, 0)},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := judgeLoad(c.p, c.s)
			if v.Abandon != c.abandon || v.NoResponse != c.nothing || (c.abandon && v.To != c.to) {
				t.Fatalf("got %+v, want abandon %v (to %d), no response %v", v, c.abandon, c.to, c.nothing)
			}
			if v.Abandon && !strings.HasPrefix(v.Reason, "abandoned: ") {
				t.Errorf("reason %q", v.Reason)
			}
		})
	}
}

func TestLate(t *testing.T) {
	const deadline = 3 * time.Second
	for _, c := range []struct {
		name string
		p    loadProgress
		want bool
	}{
		{"past the deadline", loadProgress{Elapsed: 3 * time.Second}, true},
		{"no response yet, in time", loadProgress{Elapsed: time.Second}, false},
		{"within the grace", loadProgress{Elapsed: 400 * time.Millisecond, Started: true, Got: 1, Total: 1000}, false},
		{"half in 1 s: done at 2 s", loadProgress{Elapsed: time.Second, Started: true, Got: 500, Total: 1000}, false},
		{"a tenth in 1 s: done at 10 s", loadProgress{Elapsed: time.Second, Started: true, Got: 100, Total: 1000}, true},
		{"no body byte after the grace", loadProgress{Elapsed: time.Second, Started: true, Total: 1000}, true},
	} {
		if got := late(c.p, deadline); got != c.want {
			t.Errorf("%s: late = %v, want %v", c.name, got, c.want)
		}
	}
}
