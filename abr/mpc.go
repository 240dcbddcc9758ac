package abr

import (
	"fmt"
	"math"
)

// MPC is RobustMPC (Yin et al., SIGCOMM 2015) as Pensieve's test/mpc.py runs
// it: the throughput forecast is the harmonic mean of the last five samples
// divided by 1 + the largest relative prediction error of the last five; all
// level sequences over the horizon are scored by Σ R − 4.3·rebuffer − Σ|ΔR|
// (R in Mbit/s) with buffer dynamics and no buffer cap, and the first level of
// the lexicographically last best sequence is taken.
type MPC struct {
	Horizon int // chunks to plan (published: 5)
	// PensieveIndex reproduces the Pensieve code's look-ahead quirk: the
	// sizes read are one chunk further ahead than the chunk being chosen, and
	// sizes past the end of the video count as 0.
	PensieveIndex bool
}

// Name implements Policy.
func (m *MPC) Name() string {
	if m.PensieveIndex {
		return "mpc-pensieve"
	}
	return "mpc"
}

// robustForecast is RobustMPC's throughput forecast in bits/s over the
// samples (oldest first) and the harmonic mean it started from.
func robustForecast(s []float64) (future, hm, maxErr float64) {
	if len(s) == 0 {
		return 0, 0, 0
	}
	// errors e_j = |HM(s[j-5:j]) − s_j| / s_j, e_0 = 0; max over the last five.
	for j := max(0, len(s)-5); j < len(s); j++ {
		if j == 0 {
			continue
		}
		prev := harmonicMean(s[max(0, j-5):j])
		if e := math.Abs(prev-s[j]) / s[j]; e > maxErr {
			maxErr = e
		}
	}
	hm = harmonicMean(lastN(s, 5))
	return hm / (1 + maxErr), hm, maxErr
}

// Select implements Policy.
func (m *MPC) Select(in Input) Decision {
	if d, ok := sanitize(&in); !ok {
		return d
	}
	var buf [32]float64
	s := in.videoSamples(buf[:0])
	future, hm, maxErr := robustForecast(s)
	cur := max(in.Current, 0)
	if future <= 0 {
		lvl := 0
		return pinned(&in, Decision{Level: lvl, Reason: explain(in.Ladder, in.Current, lvl, "no throughput sample yet")})
	}
	h := in.horizon(m.Horizon)
	if h <= 0 {
		h = 1
	}
	// Sizes in MB and the forecast in MB/s, like the reference code.
	fbw := future / 8 / 1e6
	var sizes [8][16]float64
	n := min(len(in.Ladder), 16)
	for i := 0; i < min(h, 8); i++ {
		for q := 0; q < n; q++ {
			if m.PensieveIndex {
				if i+1 < len(in.Upcoming) && q < len(in.Upcoming[i+1]) {
					sizes[i][q] = float64(in.Upcoming[i+1][q]) / 1e6
				}
			} else {
				sizes[i][q] = in.chunkBytes(i, q) / 1e6
			}
		}
	}
	p := mpcSearch{ladder: in.Ladder, n: n, h: min(h, 8), sizes: &sizes, bw: fbw, chunk: in.ChunkDuration.Seconds(), best: math.Inf(-1)}
	p.dfs(0, in.Buffer.Seconds(), 0, 0, 0, cur, -1)
	lvl := p.first
	note := fmt.Sprintf("forecast %s (harmonic mean %s / (1+%.2f)); buffer %.1f s", mbps(future), mbps(hm), maxErr, in.Buffer.Seconds())
	return pinned(&in, Decision{
		Level:     lvl,
		Reason:    explain(in.Ladder, in.Current, lvl, note),
		Proposals: []Proposal{{Rule: "mpc", Level: lvl, Note: note}},
	})
}

// mpcSearch enumerates every level sequence depth-first in lexicographic
// order, accumulating in the same order as the reference code.
type mpcSearch struct {
	ladder Ladder
	n, h   int
	sizes  *[8][16]float64
	bw     float64
	chunk  float64
	best   float64
	first  int
}

func (p *mpcSearch) dfs(depth int, buffer, rebuf, rateSum, smooth float64, last, first int) {
	if depth == p.h {
		reward := rateSum/1000 - 4.3*rebuf - smooth/1000
		if reward >= p.best {
			p.best, p.first = reward, first
		}
		return
	}
	for q := 0; q < p.n; q++ {
		dl := p.sizes[depth][q] / p.bw
		b, r := buffer, rebuf
		if b < dl {
			r += dl - b
			b = 0
		} else {
			b -= dl
		}
		b += p.chunk
		kq := float64(p.ladder[q].Bitrate / 1000)
		kl := float64(p.ladder[last].Bitrate / 1000)
		f := first
		if depth == 0 {
			f = q
		}
		p.dfs(depth+1, b, r, rateSum+kq, smooth+math.Abs(kq-kl), q, f)
	}
}
