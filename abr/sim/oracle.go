package sim

import "math"

// oracle is MPC with exact knowledge of the future: at every chunk it replays
// the trace ahead (and, with a device, the decoder) for every level sequence over Horizon chunks (RTT, buffer
// cap and waits included) and takes the first level of the best QoE_lin
// sequence. It is the practical "achievable" reference (docs/sim.md, "The reference numbers").
type oracle struct{ horizon int }

func (o oracle) choose(k int, s *state) (int, string) {
	cfg := s.cfg
	h := min(o.horizon, cfg.Chunks-k)
	best, first := math.Inf(-1), 0
	var dfs func(depth int, l link, buffer, now, reward float64, last, f int)
	dfs = func(depth int, l link, buffer, now, reward float64, last, f int) {
		if depth == h {
			if reward >= best {
				best, first = reward, f
			}
			return
		}
		for q := range cfg.Video.Ladder {
			ll := l
			b, r, el, drop := step(cfg, &ll, buffer, now, k+depth, q)
			ff := f
			if depth == 0 {
				ff = q
			}
			dfs(depth+1, ll, b, now+el, reward+linReward(cfg.Video.Ladder, q, last, r, drop), q, ff)
		}
	}
	dfs(0, s.link, s.buffer, s.now, 0, s.level, 0)
	return first, "oracle: exact future throughput"
}

// step simulates chunk k at level q on the link from buffer b at session
// time now, as run does, and returns the new buffer, the stall, the time it
// took (download, RTT and any wait) and the dropped-frame fraction when the
// chunk plays (0 without a device). cfg must have gone through
// withRenditions.
func step(cfg *Config, l *link, b, now float64, k, q int) (buffer, rebuf, elapsed, drop float64) {
	sizes := cfg.Video.Sizes
	delay := l.download(float64(sizes[k%len(sizes)][q])) + cfg.RTT.Seconds()
	rebuf = math.Max(delay-b, 0)
	if d := cfg.Device; d != nil {
		drop, _, _ = d.playChunk(cfg.Video.Ladder[q], now+delay+math.Max(b-delay, 0))
	}
	b = math.Max(b-delay, 0) + cfg.Video.Chunk.Seconds()
	elapsed = delay
	if c := cfg.BufferCap.Seconds(); b > c {
		st := cfg.DrainStep.Seconds()
		sl := math.Ceil((b-c)/st) * st
		b -= sl
		l.sleep(sl)
		elapsed += sl
	}
	return b, rebuf, elapsed, drop
}
