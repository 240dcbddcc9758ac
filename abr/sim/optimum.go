package sim

import "math"

// optimum is the offline optimum: a dynamic programme over (chunk, level,
// buffer bin) that replays the trace (and, with a device, the decoder's
// dropped frames) exactly for every transition, keeping
// per lattice cell the best QoE_lin so far (earlier clock on ties). Every
// plan it scores is feasible in the simulator, so its value is achieved by
// the replay of its own plan; the binning makes it a close approximation of
// the true optimum from below. (Pensieve's dp.cc instead rounds download
// times down, which gives an optimistic bound that cannot be replayed.)
type optimum struct {
	bin float64 // buffer bin width, seconds
}

type dpCell struct {
	ok     bool
	reward float64
	buffer float64
	now    float64 // session time, seconds
	l      link
	parent int // cell index in the previous chunk
}

// plan returns the optimal level sequence for a trace.
func (o optimum) plan(c Config, tr *Trace) []int {
	cfg := c.withRenditions()
	n := len(cfg.Video.Ladder)
	bins := int(math.Ceil(cfg.BufferCap.Seconds()/o.bin)) + 2
	width := n * bins
	layers := make([][]dpCell, cfg.Chunks)
	// Chunk 0 at the fixed first level; its reward is not counted.
	l := newLink(tr, cfg.Payload)
	b, _, el, _ := step(&cfg, &l, 0, 0, 0, cfg.FirstLevel)
	layers[0] = make([]dpCell, width)
	first := cfg.FirstLevel*bins + o.binOf(b, bins)
	layers[0][first] = dpCell{ok: true, buffer: b, now: el, l: l, parent: -1}
	for k := 1; k < cfg.Chunks; k++ {
		prev := layers[k-1]
		cur := make([]dpCell, width)
		for i := range prev {
			c := &prev[i]
			if !c.ok {
				continue
			}
			last := i / bins
			for q := 0; q < n; q++ {
				ll := c.l
				nb, r, el, drop := step(&cfg, &ll, c.buffer, c.now, k, q)
				rw := c.reward + linReward(cfg.Video.Ladder, q, last, r, drop)
				j := q*bins + o.binOf(nb, bins)
				d := &cur[j]
				if !d.ok || rw > d.reward+1e-12 || (math.Abs(rw-d.reward) <= 1e-12 && nb > d.buffer) {
					*d = dpCell{ok: true, reward: rw, buffer: nb, now: c.now + el, l: ll, parent: i}
				}
			}
		}
		layers[k] = cur
	}
	bestI, best := -1, math.Inf(-1)
	for i, c := range layers[cfg.Chunks-1] {
		if c.ok && c.reward > best {
			bestI, best = i, c.reward
		}
	}
	levels := make([]int, cfg.Chunks)
	for k := cfg.Chunks - 1; k >= 0; k-- {
		levels[k] = bestI / bins
		bestI = layers[k][bestI].parent
	}
	return levels
}

func (o optimum) binOf(b float64, bins int) int {
	return min(int(b/o.bin), bins-1)
}

// fixedPlan replays a level sequence.
type fixedPlan []int

func (p fixedPlan) choose(k int, _ *state) (int, string) { return p[k], "offline optimum plan" }
