package playertest_test

import (
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/player/playertest"
)

// Fast switching up (issue #14): the engine steps up two levels or more with a
// full buffer, and the fragments buffered below the new level are fetched again
// and swapped in, so the new level is on screen within two fragment durations, not
// after the 30 s buffer has played.
func TestUpgradeScenarios(t *testing.T) {
	const topWidth = 160 * 4 // level 4's width on the fake source
	// firstTop is the virtual time the first frame of the top level was shown.
	firstTop := func(o *outcome) (time.Duration, bool) {
		for _, f := range o.video.Shown() {
			if f.Width == topWidth {
				return f.At, true
			}
		}
		return 0, false
	}
	runScenarios(t, []scenario{
		// 1 Mbit/s for 50 s (the engine holds 800k with the 20 s buffer full),
		// then 20 Mbit/s: the engine goes to the top.
		{name: "upgrade-on-link-rise", src: playertest.SourceConfig{Video: ladder, Audio: []string{"en"}, Chunks: 50,
			Link: steps([]time.Duration{0, 50 * time.Second}, []float64{1e6, 20e6})},
			cfg: player.Config{BufferTarget: 20 * time.Second},
			check: func(t *testing.T, o *outcome) {
				wantEnded(t, o, 100*time.Second)
				up, ok := o.firstAt("switch video", "→3000000")
				if !ok {
					t.Fatalf("the engine never went to the top:\n%s", o.log)
				}
				shown, ok := firstTop(o)
				if !ok || shown-up > 2*2*time.Second {
					t.Errorf("the top level went to the engine at %v, was on screen at %v (found %v): want within 2 fragments", up, shown, ok)
				}
				if o.st.Upgraded == 0 || o.count("replace video") != 1 {
					t.Errorf("%d fragments upgraded, %d replace lines: want some, and one", o.st.Upgraded, o.count("replace video"))
				}
				if o.st.Stalls != 0 {
					t.Errorf("%d stalls", o.st.Stalls)
				}
			}},
		// The same rise, gone again after 3 s (0.6 Mbit/s): the refetches under
		// way come too late and are given up; what was buffered plays, no stall.
		{name: "upgrade-cut-short", src: playertest.SourceConfig{Video: ladder, Audio: []string{"en"}, Chunks: 50,
			Link: steps([]time.Duration{0, 50 * time.Second, 53 * time.Second}, []float64{1e6, 20e6, 600_000})},
			cfg: player.Config{BufferTarget: 20 * time.Second},
			check: func(t *testing.T, o *outcome) {
				wantEnded(t, o, 100*time.Second)
				if o.count("replace video") != 1 {
					t.Fatalf("%d replace lines, want 1: the rise should have started an upgrade", o.count("replace video"))
				}
				if o.st.Stalls != 0 {
					t.Errorf("%d stalls (%v): a refetch that comes too late must not cost the buffer", o.st.Stalls, o.st.StallTime)
				}
			}},
	})
}
