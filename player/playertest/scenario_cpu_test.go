package playertest_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/player/playertest"
)

// levelCost is a decoder whose time per frame is fixed per level (by width: the
// fake source's level i is 160·(i+1) pixels wide): 3, 8, 18 and 34 ms.
func levelCost(cfg player.DecoderConfig) time.Duration {
	switch {
	case cfg.Width <= 160:
		return 3 * time.Millisecond
	case cfg.Width <= 320:
		return 8 * time.Millisecond
	case cfg.Width <= 480:
		return 18 * time.Millisecond
	}
	return 34 * time.Millisecond
}

// switchesAfter counts the video switch lines of a log after at.
func switchesAfter(o *outcome, at time.Duration) int {
	n := 0
	for _, l := range o.with("switch video") {
		var s float64
		if _, err := fmt.Sscanf(l, "t=%fs", &s); err == nil && time.Duration(s*float64(time.Second)) > at {
			n++
		}
	}
	return n
}

// TestCPUCapScenarios: a fixed decode budget (50 % of a 40 ms frame: 20 ms), a
// decoder of fixed cost per level, a steady fast link and a 6 s buffer (the
// demo set-up that switched 11 times in 30 s): the level whose decoding is over
// the budget stays excluded, and after the first 10 s the level holds (at most
// two switches), on the level below it.
func TestCPUCapScenarios(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "cpu-budget-holds-still",
			src: playertest.SourceConfig{Video: ladder, Audio: []string{"en"}, Chunks: 45, Link: constant(20_000_000)},
			cfg: player.Config{BufferTarget: 6 * time.Second, DecodeBudget: 0.5},
			dec: playertest.DecoderOptions{VideoFrameTimeAt: levelCost},
			check: func(t *testing.T, o *outcome) {
				wantEnded(t, o, 90*time.Second)
				if n := switchesAfter(o, 10*time.Second); n > 2 {
					t.Errorf("%d video switches after the first 10 s: %q", n, o.with("switch video"))
				}
				if o.count("fragment video 3000000") > 1 {
					t.Errorf("%d fragments at the level over the budget", o.count("fragment video 3000000"))
				}
				last := o.with("fragment video")
				if l := last[len(last)-1]; !strings.Contains(l, "fragment video 1600000") {
					t.Errorf("the last video fragment is not at 1.6 Mbit/s (decoding 18 ms a frame, under 20): %s", l)
				}
			}},
	})
}
