package abr

import (
	"fmt"
	"math"
)

// BOLA is BOLA-BASIC with dash.js's parameters (BolaRule.js): utilities
// u_i = ln(R_i/R_0) + 1, buffer target max(18 s, 10 s + 2 s per level),
// gp = (u_max − 1)/(target/10 − 1), Vp = 10/gp, and the level maximising
// (Vp·(u_i − 1 + gp) − buffer)/R_i, ties to the higher level. No placeholder
// buffer and no pausing, as in the reference reproduction.
type BOLA struct{}

// Name implements Policy.
func (*BOLA) Name() string { return "bola" }

// bolaParams returns Vp and gp for a ladder.
func bolaParams(l Ladder) (vp, gp float64) {
	target := math.Max(18, 10+2*float64(len(l)))
	umax := math.Log(float64(l[l.Top()].Bitrate)/float64(l[0].Bitrate)) + 1
	gp = (umax - 1) / (target/10 - 1)
	if len(l) == 1 || gp <= 0 {
		gp = 1
	}
	return 10 / gp, gp
}

// bolaLevel is BOLA-BASIC's choice for a buffer level in seconds.
func bolaLevel(l Ladder, buf float64) int {
	vp, gp := bolaParams(l)
	best, bestScore := 0, math.Inf(-1)
	for i, lv := range l {
		u := math.Log(float64(lv.Bitrate)/float64(l[0].Bitrate)) + 1
		score := (vp*(u-1+gp) - buf) / float64(lv.Bitrate)
		if score >= bestScore {
			best, bestScore = i, score
		}
	}
	return best
}

// Select implements Policy.
func (*BOLA) Select(in Input) Decision {
	if d, ok := sanitize(&in); !ok {
		return d
	}
	lvl := bolaLevel(in.Ladder, in.Buffer.Seconds())
	note := fmt.Sprintf("buffer %.1f s", in.Buffer.Seconds())
	return pinned(&in, Decision{
		Level:     lvl,
		Reason:    explain(in.Ladder, in.Current, lvl, note),
		Proposals: []Proposal{{Rule: "bola", Level: lvl, Note: note}},
	})
}
