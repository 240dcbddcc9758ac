package abr

import "fmt"

// Throughput is the rate-based baseline (Pensieve's "RB"): the harmonic mean
// of the last five video throughput samples (bytes over the whole transfer
// time, TTFB included), then the highest level at or below it. No safety
// margin, no hysteresis.
type Throughput struct{}

// Name implements Policy.
func (*Throughput) Name() string { return "throughput" }

// Select implements Policy.
func (*Throughput) Select(in Input) Decision {
	if d, ok := sanitize(&in); !ok {
		return d
	}
	var buf [32]float64
	hm := harmonicMean(lastN(in.videoSamples(buf[:0]), 5))
	lvl := in.Ladder.Fit(hm)
	note := "no throughput sample yet"
	if hm > 0 {
		note = fmt.Sprintf("harmonic mean %s", mbps(hm))
	}
	return pinned(&in, Decision{
		Level:     lvl,
		Reason:    explain(in.Ladder, in.Current, lvl, note),
		Proposals: []Proposal{{Rule: "throughput", Level: lvl, Note: note}},
	})
}

// lastN returns the last n elements of s (all of them when shorter).
func lastN(s []float64, n int) []float64 {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// harmonicMean of positive samples; 0 for none.
func harmonicMean(s []float64) float64 {
	var inv float64
	var n int
	for _, v := range s {
		if v > 0 {
			inv += 1 / v
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(n) / inv
}
