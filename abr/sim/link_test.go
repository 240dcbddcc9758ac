package sim

import (
	"math"
	"strings"
	"testing"
)

func TestLinkFollowsPensieve(t *testing.T) {
	// 1 Mbit/s for 10 s then 2 Mbit/s, wrapping.
	tr := &Trace{Time: []float64{0, 10, 20}, Mbps: []float64{1, 1, 2}}
	l := newLink(tr, 0.95)
	// 1 Mbit/s × 0.95 = 118 750 B/s: 118 750 B take 1 s.
	if d := l.download(118_750); math.Abs(d-1) > 1e-9 {
		t.Errorf("first download %v s, want 1", d)
	}
	// 9 s left at 1 Mbit/s, then 2 Mbit/s: 9·118 750 + 237 500 B take 10 s.
	if d := l.download(9*118_750 + 237_500); math.Abs(d-10) > 1e-9 {
		t.Errorf("crossing download %v s, want 10", d)
	}
	// Sleep to the end (9 s), wrap to index 1 at t=0: 1 Mbit/s again.
	l.sleep(9)
	if d := l.download(118_750); math.Abs(d-1) > 1e-9 || l.ptr != 1 {
		t.Errorf("after wrap: %v s at ptr %d, want 1 s at 1", d, l.ptr)
	}
}

// FuzzSessionOnTrace: a session on any trace the parser accepts terminates.
func FuzzSessionOnTrace(f *testing.F) {
	for _, s := range []string{"0 1\n1 2\n", "0.361\t4.1\n0.712\t4.2\n", "# c\n\n0 0\n1 0.5\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tr, err := ParseTrace(strings.NewReader(s), "fuzz")
		if err != nil {
			return
		}
		if tr.Time[len(tr.Time)-1] < 1e6 && tr.Mean() > 0.01 {
			cfg := DefaultConfig()
			cfg.Chunks = 3
			Run(cfg, tr, &fixedLevel{})
		}
	})
}
