package decode

import (
	"testing"
	"time"
)

func TestMeter(t *testing.T) {
	var m meter
	m.add(3 * time.Millisecond)
	m.add(time.Millisecond)
	if d := m.frame(); d != 4*time.Millisecond {
		t.Fatalf("first frame %v, want 4ms", d)
	}
	m.add(20 * time.Millisecond)
	if d := m.frame(); d != 20*time.Millisecond {
		t.Fatalf("second frame %v, want 20ms", d)
	}
	s := m.stats
	if s.Frames != 2 || s.DecodeTime != 24*time.Millisecond || s.LastFrame != 20*time.Millisecond {
		t.Fatalf("stats %+v", s)
	}
	if want := 4*time.Millisecond + 16*time.Millisecond/16; s.AvgFrame != want {
		t.Fatalf("avg %v, want %v", s.AvgFrame, want)
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
