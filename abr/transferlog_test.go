package abr

import (
	"math"
	"testing"
	"time"
)

func TestTransferLogCreditsParallelTransfers(t *testing.T) {
	var l TransferLog
	s := time.Second
	// Video: 400 kB from 0 to 2 s. Audio: 100 kB from 1 s to 2 s, in parallel.
	// The link moved 500 kB in 2 s: 2 Mbit/s, though video alone shows 1.6.
	l.Add(Transfer{Bytes: 400_000, Duration: 2 * s, End: 2 * s, Level: 2})
	l.Add(Transfer{Audio: true, Bytes: 100_000, Duration: s, End: 2 * s, Level: -1})
	// A later video fragment that overlaps nothing.
	l.Add(Transfer{Bytes: 500_000, Duration: 2 * s, End: 5 * s, Level: 2})
	ts := l.Transfers()
	if ts[0].ConcurrentBytes != 100_000 || ts[1].ConcurrentBytes != 200_000 || ts[2].ConcurrentBytes != 0 {
		t.Fatalf("concurrent bytes %d, %d, %d; want 100000, 200000, 0", ts[0].ConcurrentBytes, ts[1].ConcurrentBytes, ts[2].ConcurrentBytes)
	}
	if v, _, _ := linkSample(ts[0], DefaultEstimatorConfig().MinBytes); math.Abs(v-2e6) > 1 {
		t.Errorf("link sample %v, want 2e6", v)
	}
	for i := 0; i < 30; i++ {
		l.Add(Transfer{Bytes: 1000, Duration: s, End: time.Duration(10+2*i) * s})
	}
	if n := len(l.Transfers()); n != 20 {
		t.Errorf("kept %d transfers, want the default 20", n)
	}
}
