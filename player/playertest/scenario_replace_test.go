package playertest_test

import (
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/player/playertest"
)

// pinAt pins the video quality q at virtual time at.
func pinAt(at time.Duration, q string) func(*player.Session, *playertest.Clock) {
	return func(s *player.Session, clk *playertest.Clock) {
		clk.Sleep(at)
		p, err := player.ParseQuality(q)
		if err != nil {
			panic(err)
		}
		s.SetQuality(p)
	}
}

// firstShownAt is when the first frame of width w was shown after from (-1: never).
func firstShownAt(o *outcome, w int, from time.Duration) time.Duration {
	for _, f := range o.video.Shown() {
		if f.At >= from && f.Width == w {
			return f.At
		}
	}
	return -1
}

// TestReplaceScenarios: fast switching. With a 30 s buffer, a pin is on screen
// within two fragment durations (the buffer beyond the next fragment is fetched
// again at the pinned level), without a stall; where the refetch would not
// arrive in time (a slow link, a pin upwards) the buffer is left alone.
func TestReplaceScenarios(t *testing.T) {
	const pin = 20 * time.Second
	runScenarios(t, []scenario{
		{name: "pin-replaces-the-buffer",
			src:    playertest.SourceConfig{Video: ladder, Audio: []string{"en"}, Chunks: 45, Link: constant(20e6)},
			script: pinAt(pin, "2"),
			check: func(t *testing.T, o *outcome) {
				wantEnded(t, o, 90*time.Second)
				at := firstShownAt(o, 320, pin)
				if at < 0 || at-pin > 4*time.Second {
					t.Errorf("the pinned level (320 wide) on screen %v after the pin; want within 2 fragments (4 s)", at-pin)
				}
				if o.count("replace video") != 1 || o.st.Stalls != 0 {
					t.Errorf("%d replacements, %d stalls; want one and none", o.count("replace video"), o.st.Stalls)
				}
			}},
		{name: "pin-up-on-a-slow-link-keeps-the-buffer",
			src:    playertest.SourceConfig{Video: ladder, Audio: []string{"en"}, Chunks: 45, Link: constant(600_000)},
			script: pinAt(pin, "4"),
			check: func(t *testing.T, o *outcome) {
				wantEnded(t, o, 90*time.Second)
				if n := o.count("replace video"); n != 0 {
					t.Errorf("%d replacements on a 600 kbit/s link with a 3 Mbit/s pin: %q", n, o.with("replace video"))
				}
			}},
	})
}
