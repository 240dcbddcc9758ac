package abr

import (
	"strings"
	"testing"
	"time"
)

func TestSmoothieRules(t *testing.T) {
	weakDecode := func(in *Input) {
		// 360p measured at 7 ms/frame predicts 1080p at 63 ms > 33 ms.
		in.Decode = []DecodeStats{1: {Frames: 300, MeanFrame: 7 * time.Millisecond}}
	}
	tests := []struct {
		name     string
		in       func() Input
		wantMax  int    // the level must be at most this
		wantMin  int    // and at least this
		inReason string // substring of the reason
	}{
		{"startup without samples", func() Input {
			return Input{Ladder: pensieve(), Current: -1, ChunkDuration: 4 * time.Second, ChunksLeft: 48, MaxLevel: -1}
		}, 1, 1, "startup"},
		{"fast link goes high", func() Input { return baseInput(8e6, 20*time.Second) }, 5, 4, "forecast"},
		{"slow link stays low", func() Input { return baseInput(0.6e6, 8*time.Second) }, 1, 0, ""},
		{"emergency drop with an empty buffer", func() Input {
			in := baseInput(1.3e6, 500*time.Millisecond)
			in.Current = 4
			return in
		}, 0, 0, ""},
		{"cpu cap from predicted decode time", func() Input {
			in := baseInput(8e6, 20*time.Second)
			weakDecode(&in)
			return in
		}, 3, 3, "decode"},
		{"a tighter cpu budget caps lower", func() Input {
			in := baseInput(8e6, 20*time.Second)
			weakDecode(&in)
			in.DecodeBudget = 0.3 // 10 ms of 33: 480p (13 ms predicted) no longer fits
			return in
		}, 1, 1, "30% of"},
		{"battery low and discharging caps", func() Input {
			in := baseInput(8e6, 20*time.Second)
			in.Power = Power{Known: true, Level: 0.15}
			return in
		}, 3, 1, "battery 15%"},
		{"battery low but charging: no cap", func() Input {
			in := baseInput(8e6, 20*time.Second)
			in.Power = Power{Known: true, Level: 0.15, Charging: true}
			return in
		}, 5, 4, ""},
		{"power saver caps", func() Input {
			in := baseInput(8e6, 20*time.Second)
			in.Power = Power{Known: true, Level: 0.9, Saver: true}
			return in
		}, 3, 1, "power saver"},
		{"resolution cap", func() Input {
			in := baseInput(8e6, 20*time.Second)
			in.MaxLevel = 2
			return in
		}, 2, 2, "resolution cap"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := NewSmoothie(DefaultSmoothieConfig()).Select(tc.in())
			if d.Level > tc.wantMax || d.Level < tc.wantMin {
				t.Errorf("level %d, want %d..%d (%s)", d.Level, tc.wantMin, tc.wantMax, d.Reason)
			}
			if !strings.Contains(d.Reason, tc.inReason) {
				t.Errorf("reason %q lacks %q", d.Reason, tc.inReason)
			}
		})
	}
}

func TestSmoothieDroppedFramesBlockForAWhile(t *testing.T) {
	s := NewSmoothie(DefaultSmoothieConfig())
	in := baseInput(8e6, 20*time.Second)
	in.Current = 5
	// 20 % of frames dropped at the top level: blocked.
	in.Decode = []DecodeStats{5: {Frames: 120, Dropped: 24}}
	d := s.Select(in)
	if d.Level >= 5 || !strings.Contains(d.Reason, "dropped frames") {
		t.Fatalf("level %d (%s), want below 5 for dropped frames", d.Level, d.Reason)
	}
	// Still blocked 30 s later, with no new frames at that level.
	in.Now += 30 * time.Second
	if d := s.Select(in); d.Level >= 5 {
		t.Fatalf("unblocked after 30 s: %s", d.Reason)
	}
	// After BlockFor the stale counters do not block it again.
	in.Now += DefaultCPUConfig().BlockFor
	if d := s.Select(in); d.Level != 5 {
		t.Fatalf("still blocked after the hold-down: level %d (%s)", d.Level, d.Reason)
	}
	// New drops block it again, for twice as long: still blocked after BlockFor.
	in.Decode = []DecodeStats{5: {Frames: 240, Dropped: 48}}
	if d := s.Select(in); d.Level >= 5 {
		t.Fatalf("fresh drops did not block: %s", d.Reason)
	}
	in.Now += DefaultCPUConfig().BlockFor + time.Second
	if d := s.Select(in); d.Level >= 5 || !strings.Contains(d.Reason, "blocked 59 s more") {
		t.Fatalf("a second block should hold twice as long: level %d (%s)", d.Level, d.Reason)
	}
	// A change of the system load is new evidence: the block is lifted.
	in.CPULoad = 0.9
	if d := s.Select(in); d.Level != 5 {
		t.Fatalf("still blocked after the load changed: level %d (%s)", d.Level, d.Reason)
	}
}

func TestSmoothieDeterministic(t *testing.T) {
	a, b := NewSmoothie(DefaultSmoothieConfig()), NewSmoothie(DefaultSmoothieConfig())
	for i := 0; i < 20; i++ {
		in := baseInput(float64(500_000+i*300_000), time.Duration(i)*time.Second)
		if da, db := a.Select(in), b.Select(in); da.Level != db.Level || da.Reason != db.Reason {
			t.Fatalf("step %d: %v vs %v", i, da, db)
		}
	}
}

func TestSmoothieLongLadderAndHistory(t *testing.T) {
	// 20 levels and 100 transfers: the planner's fixed-size tables must hold.
	bps := make([]int, 20)
	for i := range bps {
		bps[i] = 200_000 * (i + 1)
	}
	in := Input{Ladder: Bitrates(bps...), Current: 19, Buffer: 10 * time.Second, ChunkDuration: 2 * time.Second,
		ChunksLeft: -1, Transfers: steadyTransfers(100, 3e6, 400_000), MaxLevel: -1}
	d := NewSmoothie(DefaultSmoothieConfig()).Select(in)
	if d.Level < 0 || d.Level > 15 {
		t.Fatalf("level %d (%s)", d.Level, d.Reason)
	}
	// The newest transfers count: after a collapse the forecast follows.
	in.Transfers = append(steadyTransfers(80, 3e6, 400_000), steadyTransfers(20, 0.5e6, 400_000)...)
	if d := NewSmoothie(DefaultSmoothieConfig()).Select(in); d.Level > 3 {
		t.Fatalf("level %d after the link fell to 0.5 Mbit/s (%s)", d.Level, d.Reason)
	}
}

// TestUpSwitchStaysNearThePeak: a steady 2 Mbit/s link read by a noisy meter
// (samples alternating 1.6 and 2.3 Mbit/s: a mean error that would let the
// error-scaled bound reach 3.3 Mbit/s) with a deep buffer never steps up to
// 2.85 Mbit/s, above MaxRatio × the best sample; the same link read as 2.6 and
// 2.3 Mbit/s may.
func TestUpSwitchStaysNearThePeak(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		top    bool
	}{{1.6e6, 2.3e6, false}, {2.3e6, 2.6e6, true}} {
		in := baseInput(2e6, 40*time.Second)
		in.Current = 3 // 1850 kbit/s
		for i := range in.Transfers {
			bps := c.lo
			if i%2 == 1 {
				bps = c.hi
			}
			in.Transfers[i] = steadyTransfers(1, bps, 600_000)[0]
		}
		d := NewSmoothie(DefaultSmoothieConfig()).Select(in)
		if got := d.Level > 3; got != c.top {
			t.Errorf("samples %.1f/%.1f Mbit/s: level %d (%s)", c.lo/1e6, c.hi/1e6, d.Level, d.Reason)
		}
	}
}
