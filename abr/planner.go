package abr

import "math"

// planner is the look-ahead optimiser behind the smoothie policy. It scores
// level sequences over the upcoming fragments against a set of throughput
// scenarios (an error-aware forecast rather than one point estimate) and
// returns the best first level. It scores a small family of plans (see
// best) instead of every sequence: a receding-horizon controller only acts
// on the first level, and the family holds the plans that decide it (switch
// now and stay; spend the buffer, then come down) at a fraction of the cost.
// Plans that postpone an up-switch are left out on purpose: at the end of a
// short horizon they always look better than switching now, and a
// controller that believes them never switches up.
type planner struct {
	ladder      Ladder
	maxLevel    int         // highest level allowed (caps applied)
	cur         int         // current level (smoothness reference)
	buffer      float64     // seconds
	chunk       float64     // seconds per fragment
	maxBuffer   float64     // seconds; 0 = none
	h           int         // fragments to plan
	sizes       [][]float64 // [i][q] bits of upcoming fragment i at level q
	rates       []float64   // throughput scenarios, bits/s
	weights     []float64   // scenario weights, summing to 1
	rtt         float64     // seconds of dead time per request
	rebufCost   float64     // per second of stall, in Mbit/s units (4.3 for QoE_lin)
	termValue   float64     // value per second of buffer left at the horizon, capped at termCap
	termCap     float64
	reserve     float64 // soft buffer floor, seconds
	reserveCost float64 // per second below the floor at a fragment's arrival
	reserveN    int     // the floor applies to the first reserveN fragments

	switchCost float64 // weight of |ΔR| (1 in QoE_lin)
	upAfter    int     // plans may rise by at most this many levels after the first fragment
	downBy     int     // "spend, then come down" plans come down by at most this many levels

	mb [16]float64       // level rates, Mbit/s
	dl [8][8][16]float64 // download time [scenario][fragment][level], seconds
}

// score is the expected objective of a level sequence over the horizon:
// Σ R − |ΔR| − stall price · stall − reserve price · dips below the floor,
// plus the terminal buffer value, averaged over the throughput scenarios.
func (p *planner) score(seq []int) float64 {
	// The quality terms do not depend on the scenario.
	var quality float64
	last := p.cur
	for i := 0; i < p.h; i++ {
		q := seq[i]
		d := p.mb[q] - p.mb[last]
		if d < 0 {
			d = -d
		}
		quality += p.mb[q] - p.switchCost*d
		last = q
	}
	var total float64
	for s := range p.rates {
		buf, r, v := p.buffer, 0.0, 0.0
		dl := &p.dl[s]
		for i := 0; i < p.h; i++ {
			d := dl[i][seq[i]]
			if d > buf {
				r += d - buf
				buf = 0
			} else {
				buf -= d
			}
			if buf < p.reserve && i < p.reserveN {
				v -= p.reserveCost * (p.reserve - buf)
			}
			buf += p.chunk
			if p.maxBuffer > 0 && buf > p.maxBuffer {
				buf = p.maxBuffer
			}
		}
		v -= p.rebufCost * r
		if p.termValue != 0 {
			if buf > p.termCap {
				buf = p.termCap
			}
			v += p.termValue * buf
		}
		total += p.weights[s] * v
	}
	return quality + total
}

// prepare fills the download-time table and the level rates; call it once
// after setting the fields and before best.
func (p *planner) prepare() {
	for q := 0; q <= p.maxLevel; q++ {
		p.mb[q] = float64(p.ladder[q].Bitrate) / 1e6
	}
	for q := p.maxLevel + 1; q < len(p.ladder) && q < len(p.mb); q++ {
		p.mb[q] = float64(p.ladder[q].Bitrate) / 1e6
	}
	for s, c := range p.rates {
		inv := 1 / c
		for i := 0; i < p.h; i++ {
			for q := 0; q <= p.maxLevel; q++ {
				p.dl[s][i][q] = p.sizes[i][q]*inv + p.rtt
			}
		}
	}
}

// bestExhaustive scores every sequence (slow: for comparison).
func (p *planner) bestExhaustive() (int, [16]float64) {
	var buf [8]int
	seq := buf[:p.h]
	var byFirst [16]float64
	for i := range byFirst {
		byFirst[i] = math.Inf(-1)
	}
	bestA, bestV := 0, math.Inf(-1)
	for {
		v := p.score(seq)
		byFirst[seq[0]] = math.Max(byFirst[seq[0]], v)
		if v > bestV+1e-9 {
			bestA, bestV = seq[0], v
		}
		i := p.h - 1
		for i >= 0 && seq[i] == p.maxLevel {
			seq[i] = 0
			i--
		}
		if i < 0 {
			return bestA, byFirst
		}
		seq[i]++
	}
}

// best returns the best first level and its expected score over the plan
// family: "a then b" and, for a above b, "a for j fragments then b" (spend
// the buffer at a, then come down). Ties go to the lower first level.
func (p *planner) best() (int, [16]float64) {
	var buf [8]int
	seq := buf[:p.h]
	var byFirst [16]float64
	for i := range byFirst {
		byFirst[i] = math.Inf(-1)
	}
	bestA, bestV := 0, math.Inf(-1)
	for a := 0; a <= p.maxLevel; a++ {
		for b := 0; b <= min(p.maxLevel, a+p.upAfter); b++ {
			for j := 1; j < p.h || j == 1; j++ {
				if j > 1 && (a <= b || a-b > p.downBy) {
					break
				}
				for i := range seq {
					seq[i] = b
					if i < j {
						seq[i] = a
					}
				}
				v := p.score(seq)
				if v > byFirst[a] {
					byFirst[a] = v
				}
				if v > bestV+1e-9 {
					bestA, bestV = a, v
				}
			}
		}
	}
	return bestA, byFirst
}
