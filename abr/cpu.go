package abr

import (
	"fmt"
	"math"
	"time"
)

// CPUConfig tunes the decode-capacity rule.
type CPUConfig struct {
	// Headroom is the share of the frame interval decoding may take: a level
	// whose (measured or predicted) decode time per frame exceeds
	// Headroom × frame interval is not chosen.
	Headroom float64
	// DropRatio above which a level is blocked, counted over at least
	// MinFrames frames decoded since the level was last unblocked.
	DropRatio float64
	MinFrames int
	// BlockFor is how long a blocked level stays blocked the first time; each
	// block of the same level doubles it (up to 16×), and a change of the budget
	// or of the system load (by LoadChange) lifts every block: new evidence.
	BlockFor time.Duration
	// LoadChange is how far the system CPU load must move (0..1) before the
	// levels measured over the budget are tried again.
	LoadChange float64
}

// DefaultCPUConfig: 85 % of the frame budget; 5 % drops over 48 frames
// (two seconds at 24 fps) blocks the level for a minute, two the next time.
func DefaultCPUConfig() CPUConfig {
	return CPUConfig{Headroom: 0.85, DropRatio: 0.05, MinFrames: 48, BlockFor: time.Minute, LoadChange: 0.2}
}

// cpuRule remembers blocked levels and the levels measured over the budget.
// Its state is per session. A level measured over the budget stays excluded
// until new evidence says otherwise: a cheaper measurement of it (MinFrames
// more frames at it, their mean under 90 % of the budget), or the budget or the
// system load (by LoadChange) changing. Without that memory the rule excluded
// only the level just measured, and the engine climbed back into a level it
// knew was too expensive as soon as the decoder's recent mean had moved on.
type cpuRule struct {
	cfg     CPUConfig
	until   []time.Duration // blocked until (Input.Now clock), per level
	base    []DecodeStats   // counters at the last (un)block, per level
	blocked []bool
	strikes []int // blocks of each level so far
	over    []int // frames at the level when it was measured over budget; -1: not
	// the budget and load the exclusions were measured at
	overHead, overLoad float64
}

// holdOver updates the memory of levels measured over budget head at load; it
// reports whether the budget or the load changed (the memory was cleared).
func (c *cpuRule) holdOver(in *Input, head float64) (changed bool) {
	n := len(in.Ladder)
	if len(c.over) != n {
		c.over = make([]int, n)
		for q := range c.over {
			c.over[q] = -1
		}
		c.overHead, c.overLoad = head, in.CPULoad
	}
	moved := in.CPULoad >= 0 && c.overLoad >= 0 && math.Abs(in.CPULoad-c.overLoad) > c.cfg.LoadChange
	if head != c.overHead || moved || (in.CPULoad >= 0) != (c.overLoad >= 0) {
		changed = true
		for q := range c.over {
			c.over[q] = -1
		}
		c.overHead, c.overLoad = head, in.CPULoad
	}
	for q := 0; q < n && q < len(in.Decode); q++ {
		d, fi := in.Decode[q], in.Ladder[q].FrameInterval()
		if d.MeanFrame <= 0 || d.Frames <= 0 || fi <= 0 {
			continue
		}
		switch {
		case float64(d.MeanFrame) > head*float64(fi):
			if c.over[q] < 0 {
				c.over[q] = d.Frames
			}
		case c.over[q] >= 0 && d.Frames-c.over[q] >= c.cfg.MinFrames && float64(d.MeanFrame) < 0.9*head*float64(fi):
			c.over[q] = -1 // a cheaper measurement of it
		}
	}
	return changed
}

// pixelRate is the decode work per second of a level, in pixels/s; 0 when
// the level has no resolution.
func pixelRate(l Level) float64 {
	fps := l.FPS
	if fps <= 0 {
		fps = 25
	}
	return float64(l.Width*l.Height) * fps
}

// predictFrame estimates the decode time per frame at level q from the
// best-measured level, scaling by pixels per frame. ok=false when nothing
// was measured or the ladder has no resolutions.
func predictFrame(in *Input, q int) (time.Duration, bool) {
	if q < len(in.Decode) && in.Decode[q].MeanFrame > 0 && in.Decode[q].Frames > 0 {
		return in.Decode[q].MeanFrame, true
	}
	ref := -1
	for i, d := range in.Decode {
		if i < len(in.Ladder) && d.MeanFrame > 0 && d.Frames > 0 && (ref < 0 || d.Frames > in.Decode[ref].Frames) {
			ref = i
		}
	}
	if ref < 0 {
		return 0, false
	}
	pr, pq := in.Ladder[ref].Width*in.Ladder[ref].Height, in.Ladder[q].Width*in.Ladder[q].Height
	if pr <= 0 || pq <= 0 {
		return 0, false
	}
	return time.Duration(float64(in.Decode[ref].MeanFrame) * float64(pq) / float64(pr)), true
}

// cap returns the highest level the device can decode in time, and a note
// when it caps anything. It updates the block list from the drop counters.
func (c *cpuRule) cap(in *Input) (int, string) {
	n := len(in.Ladder)
	if len(c.until) != n {
		c.until, c.base, c.blocked, c.strikes = make([]time.Duration, n), make([]DecodeStats, n), make([]bool, n), make([]int, n)
	}
	head := c.cfg.Headroom
	if in.DecodeBudget > 0 {
		head = in.DecodeBudget
	}
	if c.holdOver(in, head) {
		for q := range c.blocked {
			c.blocked[q], c.strikes[q] = false, 0
			if q < len(in.Decode) {
				c.base[q] = in.Decode[q]
			}
		}
	}
	top, note := n-1, ""
	for q := 0; q < n && q < len(in.Decode); q++ {
		d := in.Decode[q]
		if c.blocked[q] && in.Now >= c.until[q] {
			c.blocked[q], c.base[q] = false, d
		}
		fresh := DecodeStats{Frames: d.Frames - c.base[q].Frames, Dropped: d.Dropped - c.base[q].Dropped}
		if !c.blocked[q] && q > 0 && fresh.Frames >= c.cfg.MinFrames && fresh.DropRatio() > c.cfg.DropRatio {
			c.strikes[q]++
			c.blocked[q], c.until[q], c.base[q] = true, in.Now+c.cfg.BlockFor<<min(c.strikes[q]-1, 4), d
		}
	}
	for q := 1; q < n; q++ {
		if c.blocked[q] {
			return q - 1, fmt.Sprintf("dropped frames at %s kbps, blocked %.0f s more", in.Ladder.Kbps(q), (c.until[q] - in.Now).Seconds())
		}
		fi := in.Ladder[q].FrameInterval()
		if c.over[q] >= 0 && q < len(in.Decode) {
			return q - 1, fmt.Sprintf("decode over %.0f%% of %.1f ms at %s kbps when measured", 100*head, ms(fi), in.Ladder.Kbps(q))
		}
		if t, ok := predictFrame(in, q); ok && fi > 0 && float64(t) > head*float64(fi) {
			return q - 1, fmt.Sprintf("decode %.1f ms/frame > %.0f%% of %.1f ms at %s kbps", ms(t), 100*head, ms(fi), in.Ladder.Kbps(q))
		}
	}
	return top, note
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
