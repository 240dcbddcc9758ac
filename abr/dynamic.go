package abr

import (
	"fmt"
	"math"
	"time"
)

// Dynamic is dash.js's default DYNAMIC strategy (AbrController, v5
// defaults): the ThroughputRule (highest level ≤ 0.9 × the EWMA estimate)
// runs until the buffer reaches 18 s, then BOLA takes over until the buffer
// falls below 9 s; the InsufficientBufferRule caps the result at
// 0.7 × throughput × buffer / fragment duration after the first two
// fragments, and the lowest level wins (dash.js's arbitration).
type Dynamic struct {
	bola bool // BOLA is the active rule
	seen int  // fragments decided so far
}

// Name implements Policy.
func (*Dynamic) Name() string { return "dynamic" }

// dashEstimator is dash.js's EWMA: half-lives 3 s and 8 s of download time,
// TTFB excluded, read-out min(fast, slow).
func dashEstimate(ts []Transfer) float64 {
	e := Estimator{Config: EstimatorConfig{FastHalfLife: 3 * time.Second, SlowHalfLife: 8 * time.Second, Window: 1, Percentile: 1}}.Estimate(ts)
	if e.Samples == 0 {
		return 0
	}
	return math.Min(e.Fast, e.Slow)
}

// Select implements Policy.
func (d *Dynamic) Select(in Input) Decision {
	if d, ok := sanitize(&in); !ok {
		return d
	}
	buf := in.Buffer.Seconds()
	switch {
	case !d.bola && buf >= 18:
		d.bola = true
	case d.bola && buf < 9:
		d.bola = false
	}
	d.seen++
	tput := dashEstimate(in.Transfers)
	var props []Proposal
	var lvl int
	tputLvl := in.Ladder.Fit(0.9 * tput)
	if d.bola {
		lvl = bolaLevel(in.Ladder, buf)
		// BOLA-O: never go up past both the current and the sustainable level.
		if cur := in.Current; cur >= 0 && lvl > cur && lvl > tputLvl {
			lvl = max(cur, tputLvl)
		}
		props = append(props, Proposal{Rule: "bola", Level: lvl, Note: fmt.Sprintf("buffer %.1f s", buf)})
	} else {
		lvl = tputLvl
		if tput == 0 {
			lvl = 0
		}
		props = append(props, Proposal{Rule: "throughput", Level: lvl, Note: "safe throughput " + mbps(0.9*tput)})
	}
	note := props[0].Note
	if d.seen > 2 {
		capLvl := in.Ladder.Top()
		if buf <= 0 {
			capLvl = 0
		} else if tput > 0 {
			capLvl = in.Ladder.Fit(0.7 * tput * buf / in.ChunkDuration.Seconds())
		}
		props = append(props, Proposal{Rule: "insufficient-buffer", Level: capLvl})
		if capLvl < lvl {
			lvl = capLvl
			note = fmt.Sprintf("buffer %.1f s too short for the throughput pick", buf)
		}
	}
	return pinned(&in, Decision{Level: lvl, Reason: explain(in.Ladder, in.Current, lvl, note), Proposals: props})
}
