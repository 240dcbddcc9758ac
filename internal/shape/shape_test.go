package shape

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"
)

// TestReader: reading through a shaper takes the bytes over the rate, less one
// bucket of burst; an outage (rate 0) holds the reader until the link returns.
func TestReader(t *testing.T) {
	const bps = 2_000_000
	body := make([]byte, 200_000) // 0.8 s at 2 Mbit/s
	floor := time.Now()
	io.Copy(io.Discard, bytes.NewReader(body))
	unshaped := time.Since(floor)
	start := time.Now()
	n, err := io.Copy(io.Discard, Reader(context.Background(), bytes.NewReader(body), New(Constant(bps), nil)))
	took := time.Since(start)
	ideal := time.Duration(float64(len(body)-Chunk) * 8 / bps * float64(time.Second))
	if err != nil || n != int64(len(body)) || took < ideal*9/10 || took < 100*unshaped {
		t.Errorf("%d bytes (%v) in %v at 2 Mbit/s, want at least %v (unshaped %v)", n, err, took, ideal*9/10, unshaped)
	}
	// An outage for the first 300 ms, then 100 Mbit/s.
	outage := func(e time.Duration) float64 {
		if e < 300*time.Millisecond {
			return 0
		}
		return 100e6
	}
	start = time.Now()
	io.Copy(io.Discard, Reader(context.Background(), bytes.NewReader(body[:Chunk]), New(outage, nil)))
	if took := time.Since(start); took < 300*time.Millisecond {
		t.Errorf("read through an outage in %v, want at least 300ms", took)
	}
	// A cancelled context ends the read.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := io.Copy(io.Discard, Reader(ctx, bytes.NewReader(body), New(Constant(1000), nil))); err == nil {
		t.Error("read on a cancelled context succeeded")
	}
}
