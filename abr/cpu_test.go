package abr

import (
	"strings"
	"testing"
	"time"
)

// TestCPUCapHoldsStill: a level measured over the decode budget stays excluded
// when the decoder's recent mean moves on (a few frames at it reported cheaper,
// as after a switch down), and comes back only with new evidence: a cheaper
// measurement over MinFrames frames, a new budget, or the load moving.
func TestCPUCapHoldsStill(t *testing.T) {
	s := NewSmoothie(DefaultSmoothieConfig())
	in := baseInput(20e6, 30*time.Second)
	in.Current, in.CPULoad = 4, 0.5
	// 30 fps: 33 ms a frame, 85 %: 28 ms. Level 4 costs 31 ms, level 3 20 ms.
	in.Decode = []DecodeStats{3: {Frames: 300, MeanFrame: 20 * time.Millisecond}, 4: {Frames: 100, MeanFrame: 31 * time.Millisecond}}
	step := func(name string, want int) {
		t.Helper()
		d := s.Select(in)
		if d.Level != want {
			t.Errorf("%s: level %d (%s), want %d", name, d.Level, d.Reason, want)
		}
		in.Current = d.Level
		in.Now += 4 * time.Second
	}
	step("measured over", 3)
	in.Decode[4] = DecodeStats{Frames: 110, MeanFrame: 20 * time.Millisecond}
	step("a few frames reported cheaper", 3)
	step("nothing new", 3)
	in.CPULoad = 0.6
	step("the load moved a little", 3)
	in.Decode[4] = DecodeStats{Frames: 170, MeanFrame: 20 * time.Millisecond}
	step("a cheaper measurement over 60 frames", 4) // (5 is predicted over from level 3)

	in.Decode[4] = DecodeStats{Frames: 200, MeanFrame: 31 * time.Millisecond}
	step("over again", 3)
	in.Decode[4].MeanFrame = 20 * time.Millisecond
	in.DecodeBudget = 0.99
	if d := s.Select(in); d.Level < 4 || strings.Contains(d.Reason, "when measured") {
		t.Errorf("a new budget: level %d (%s)", d.Level, d.Reason)
	}
	in.DecodeBudget = 0
	in.Decode[4].MeanFrame = 31 * time.Millisecond
	s.Select(in)
	in.Decode[4].MeanFrame = 20 * time.Millisecond
	in.CPULoad = 0.9
	if d := s.Select(in); d.Level < 4 {
		t.Errorf("the load moved from 0.6 to 0.9: level %d (%s)", d.Level, d.Reason)
	}
}
