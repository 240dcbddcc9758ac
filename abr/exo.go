package abr

import (
	"fmt"
	"math"
)

// Exo is ExoPlayer's AdaptiveTrackSelection with DefaultBandwidthMeter:
// samples weighted by √bytes in a sliding window of total weight 2000, the
// weighted median as the estimate (1 Mbit/s until 2 s of transfer time or
// 512 KiB were seen), 0.7 of it allocated, the highest level that fits; up
// only with ≥ 10 s buffered, down only with < 25 s buffered.
type Exo struct{}

// Name implements Policy.
func (*Exo) Name() string { return "exo" }

// exoEstimate is DefaultBandwidthMeter's read-out in bits/s.
func exoEstimate(ts []Transfer) float64 {
	type ws struct{ v, w float64 }
	var buf [32]ws
	win := buf[:0]
	var secs, bytes, weight float64
	for i := len(ts) - 1; i >= 0; i-- { // newest first, until the weight cap
		t := ts[i]
		if t.Bytes <= 0 || t.Duration <= 0 {
			continue
		}
		secs += t.Duration.Seconds()
		bytes += float64(t.Bytes)
		w := math.Sqrt(float64(t.Bytes))
		if weight < 2000 && len(win) < cap(buf) {
			win = append(win, ws{float64(t.Bytes) * 8 / t.Duration.Seconds(), w})
			weight += w
		}
	}
	if secs < 2 && bytes < 512<<10 {
		return 1e6
	}
	for i := 1; i < len(win); i++ {
		for j := i; j > 0 && win[j].v < win[j-1].v; j-- {
			win[j], win[j-1] = win[j-1], win[j]
		}
	}
	acc := 0.0
	for _, s := range win {
		acc += s.w
		if acc >= weight/2 {
			return s.v
		}
	}
	return 1e6
}

// Select implements Policy.
func (*Exo) Select(in Input) Decision {
	if d, ok := sanitize(&in); !ok {
		return d
	}
	est := exoEstimate(in.Transfers)
	alloc := 0.7 * est
	ideal := in.Ladder.Fit(alloc)
	lvl := ideal
	buf := in.Buffer.Seconds()
	note := fmt.Sprintf("allocated %s (0.7 × %s)", mbps(alloc), mbps(est))
	if cur := in.Current; cur >= 0 {
		switch {
		case ideal > cur && buf < 10:
			lvl, note = cur, note+fmt.Sprintf("; buffer %.1f s < 10 s, no up-switch", buf)
		case ideal < cur && buf >= 25:
			lvl, note = cur, note+fmt.Sprintf("; buffer %.1f s ≥ 25 s, no down-switch", buf)
		}
	}
	return pinned(&in, Decision{Level: lvl, Reason: explain(in.Ladder, in.Current, lvl, note),
		Proposals: []Proposal{{Rule: "throughput", Level: ideal, Note: note}}})
}
