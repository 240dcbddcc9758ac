package decode

import (
	"testing"
	"time"
)

func TestMeter(t *testing.T) {
	var m meter
	// The first frame after an open carries the pipeline fill: counted, not averaged.
	m.add(60 * time.Millisecond)
	if d := m.frame(); d != 60*time.Millisecond || m.stats.AvgFrame != 0 {
		t.Fatalf("first frame %v, avg %v; want 60ms and no average yet", d, m.stats.AvgFrame)
	}
	m.add(3 * time.Millisecond)
	m.add(time.Millisecond)
	if d := m.frame(); d != 4*time.Millisecond {
		t.Fatalf("second frame %v, want 4ms", d)
	}
	m.add(20 * time.Millisecond)
	if d := m.frame(); d != 20*time.Millisecond {
		t.Fatalf("third frame %v, want 20ms", d)
	}
	s := m.stats
	if s.Frames != 3 || s.DecodeTime != 84*time.Millisecond || s.LastFrame != 20*time.Millisecond {
		t.Fatalf("stats %+v", s)
	}
	want := 4*time.Millisecond + 16*time.Millisecond/16
	if s.AvgFrame != want {
		t.Fatalf("avg %v, want %v", s.AvgFrame, want)
	}
	// A reopen starts over: its first frame is left out again.
	m.opened()
	m.add(50 * time.Millisecond)
	m.frame()
	if m.stats.AvgFrame != want {
		t.Fatalf("after a reopen the fill frame moved the average to %v", m.stats.AvgFrame)
	}
}

// TestMeterSnapshotConcurrent is for the race detector: the player reads stats while
// the decoding goroutine writes them.
func TestMeterSnapshotConcurrent(t *testing.T) {
	var m meter
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 1000; i++ {
			m.add(time.Microsecond)
			m.count(corruptCount)
			m.frame()
		}
	}()
	for i := 0; i < 1000; i++ {
		_ = m.snapshot()
	}
	<-done
	if s := m.snapshot(); s.Frames != 1000 || s.Corrupt != 1000 {
		t.Fatalf("stats %+v", s)
	}
}
