package sensor

import (
	"context"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/abr"
)

func TestSampler(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	over := abr.Power{Known: true, Level: 0.15}
	s := NewSampler(ctx, 50*time.Millisecond, &over)
	if p, cpu := s.Latest(); p != over || cpu >= 0 {
		t.Errorf("before a reading: %+v %v", p, cpu)
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if _, cpu := s.Latest(); cpu >= 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	p, cpu := s.Latest()
	if p != over || cpu < 0 || cpu > 1 {
		t.Errorf("after readings: %+v %v (this machine's /proc/stat gives a load)", p, cpu)
	}
}
