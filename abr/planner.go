package abr

import "math"

// plan is the look-ahead optimiser behind the smoothie policy. It scores
// level sequences over the upcoming fragments against a set of throughput
// scenarios (an error-aware forecast rather than one point estimate) and
// returns the best first level. Sequences are "first level a, then level b
// for the rest of the horizon": this covers the plans a receding-horizon
// controller acts on (switch now, or switch later) at a fraction of the cost
// of enumerating every sequence.
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
}

// scoreSeq is the expected objective of an arbitrary sequence (used by the
// exhaustive search).
func (p *planner) scoreSeq(seq []int) float64 {
	var total float64
	for s, c := range p.rates {
		buf, r, last := p.buffer, 0.0, p.cur
		var v float64
		for i := 0; i < p.h; i++ {
			q := seq[i]
			dl := p.sizes[i][q]/c + p.rtt
			if dl > buf {
				r += dl - buf
				buf = 0
			} else {
				buf -= dl
			}
			if buf < p.reserve && i < p.reserveN {
				v -= p.reserveCost * (p.reserve - buf)
			}
			buf += p.chunk
			if p.maxBuffer > 0 && buf > p.maxBuffer {
				buf = p.maxBuffer
			}
			rq := float64(p.ladder[q].Bitrate) / 1e6
			v += rq - math.Abs(rq-float64(p.ladder[last].Bitrate)/1e6)
			last = q
		}
		v -= p.rebufCost * r
		v += p.termValue * math.Min(buf, p.termCap)
		total += p.weights[s] * v
	}
	return total
}

// bestExhaustive scores every sequence.
func (p *planner) bestExhaustive() (int, float64) {
	seq := make([]int, p.h)
	bestA, bestV := 0, math.Inf(-1)
	for {
		if v := p.scoreSeq(seq); v > bestV+1e-9 {
			bestA, bestV = seq[0], v
		}
		i := p.h - 1
		for i >= 0 && seq[i] == p.maxLevel {
			seq[i] = 0
			i--
		}
		if i < 0 {
			return bestA, bestV
		}
		seq[i]++
	}
}

// score is the expected objective of "a then b".
func (p *planner) score(a, b int) float64 {
	var mb [16]float64
	for q := 0; q <= max(a, b, p.cur) && q < len(mb); q++ {
		mb[q] = float64(p.ladder[q].Bitrate) / 1e6
	}
	var total float64
	for s, c := range p.rates {
		buf, r, last := p.buffer, 0.0, p.cur
		var v float64
		for i := 0; i < p.h; i++ {
			q := b
			if i == 0 {
				q = a
			}
			dl := p.sizes[i][q]/c + p.rtt
			if dl > buf {
				r += dl - buf
				buf = 0
			} else {
				buf -= dl
			}
			if buf < p.reserve && i < p.reserveN {
				v -= p.reserveCost * (p.reserve - buf)
			}
			buf += p.chunk
			if p.maxBuffer > 0 && buf > p.maxBuffer {
				buf = p.maxBuffer
			}
			v += mb[q] - math.Abs(mb[q]-mb[last])
			last = q
		}
		v -= p.rebufCost * r
		v += p.termValue * math.Min(buf, p.termCap)
		total += p.weights[s] * v
	}
	return total
}

// best returns the best first level and its score. Ties go to the lower
// first level (cheaper, safer).
func (p *planner) best() (int, float64) {
	bestA, bestV := 0, math.Inf(-1)
	for a := 0; a <= p.maxLevel; a++ {
		for b := 0; b <= p.maxLevel; b++ {
			if v := p.score(a, b); v > bestV+1e-9 {
				bestA, bestV = a, v
			}
		}
	}
	return bestA, bestV
}
