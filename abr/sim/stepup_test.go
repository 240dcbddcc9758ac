package sim

import (
	"fmt"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/abr"
)

// demoVideo is the bundled demo's ladder (testdata/demo: 300 kbit/s to
// 2.5 Mbit/s) with n constant-bitrate 2 s fragments.
func demoVideo(n int) *Video {
	l := abr.Bitrates(300_000, 600_000, 1_000_000, 1_600_000, 2_500_000)
	v := &Video{Ladder: l, Chunk: 2 * time.Second}
	for range n {
		row := make([]int64, len(l))
		for q, lv := range l {
			row[q] = int64(lv.Bitrate) / 8 * 2
		}
		v.Sizes = append(v.Sizes, row)
	}
	return v
}

// TestSmoothieLeavesTheBottomSoonAfterTheLinkRises: a link at 0.6 Mbit/s
// that becomes 8 Mbit/s, 2 s fragments of the demo ladder, a 6 s buffer (the
// player test's set-up). smoothie stays at 300 kbit/s while the link is
// slow, and once the link has risen it fetches at most two more fragments at
// the bottom (the two fast samples that show the rise); before the harmonic
// mean learned to forget the slow samples it fetched five or six.
func TestSmoothieLeavesTheBottomSoonAfterTheLinkRises(t *testing.T) {
	const maxAtBottom = 2
	for _, rise := range []float64{4, 10, 21} {
		t.Run(fmt.Sprintf("rise at %gs", rise), func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Video, cfg.Chunks, cfg.FirstLevel, cfg.BufferCap = demoVideo(30), 30, 0, 6*time.Second
			tr := &Trace{Name: "step", Time: []float64{0, rise, 1000}, Mbps: []float64{0, 0.6, 8}}
			s := Run(cfg, tr, abr.NewSmoothie(abr.DefaultSmoothieConfig()))
			var levels []int
			fast, up := -1, -1 // first fragment requested after the rise; first above the bottom
			now := 0.0         // the trace's clock, which the RTT does not advance (fixed_env.py)
			for k, c := range s.Chunks {
				levels = append(levels, c.Level)
				if fast < 0 && now >= rise {
					fast = k
				}
				if up < 0 && c.Level > 0 {
					up = k
				}
				if c.Rebuffer > 0 && k > 0 {
					t.Errorf("fragment %d stalled %.2f s", k, c.Rebuffer)
				}
				now += c.Delay - cfg.RTT.Seconds() + c.Sleep
			}
			switch {
			case fast < 0 || up < 0:
				t.Fatalf("levels %v: the link rose before fragment %d, the first up-switch at %d", levels, fast, up)
			case up < fast:
				t.Errorf("levels %v: left 300 kbit/s at fragment %d while the link was still 0.6 Mbit/s", levels, up)
			case up-fast > maxAtBottom:
				t.Errorf("levels %v: %d fragments at 300 kbit/s after the rise (fragment %d), want at most %d", levels, up-fast, fast, maxAtBottom)
			}
			if top := levels[len(levels)-1]; top != len(cfg.Video.Ladder)-1 {
				t.Errorf("levels %v: ends at level %d on an 8 Mbit/s link", levels, top)
			}
		})
	}
}
