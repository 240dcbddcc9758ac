package abr

import "math"

// Bounds of the planner's tables: scenarios, fragments ahead, levels.
const (
	maxScenarios = 8
	maxHorizon   = 8
	maxLevels    = 16
)

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
//
// A planner lives inside its policy and is reused between decisions (its
// tables are large enough that clearing them every time would cost more
// than the search); set every field with reset.
type planner struct {
	ladder      Ladder
	maxLevel    int     // highest level allowed (caps applied)
	cur         int     // current level (smoothness reference)
	buffer      float64 // seconds
	chunk       float64 // seconds per fragment
	maxBuffer   float64 // seconds; 0 = none
	h           int     // fragments to plan
	nScen       int     // scenarios in rates and weights
	rtt         float64 // seconds of dead time per request
	rebufCost   float64 // per second of stall, in Mbit/s units (4.3 for QoE_lin)
	termValue   float64 // value per second of buffer left at the horizon, capped at termCap
	termCap     float64
	reserve     float64 // soft buffer floor, seconds
	reserveCost float64 // per second below the floor at a fragment's arrival
	reserveN    int     // the floor applies to the first reserveN fragments
	switchCost  float64 // weight of |ΔR| (1 in QoE_lin)
	upAfter     int     // plans may rise by at most this many levels after the first fragment
	downBy      int     // "spend, then come down" plans come down by at most this many levels

	sizes   [maxHorizon][maxLevels]float64               // bits of upcoming fragment i at level q
	rates   [maxScenarios]float64                        // throughput scenarios, bits/s
	weights [maxScenarios]float64                        // scenario weights, summing to 1
	mb      [maxLevels]float64                           // level rates, Mbit/s
	dl      [maxScenarios][maxHorizon][maxLevels]float64 // download time, seconds
}

// simState is one scenario's buffer simulation part-way through a plan.
type simState struct {
	buf, rebuf, penalty float64
}

// prepare fills the download-time table and the level rates; call it once
// after setting the fields and before searching.
func (p *planner) prepare() {
	for q := range min(len(p.ladder), maxLevels) {
		p.mb[q] = float64(p.ladder[q].Bitrate) / 1e6
	}
	for s := range p.nScen {
		inv := 1 / p.rates[s]
		for i := range p.h {
			for q := 0; q <= p.maxLevel; q++ {
				p.dl[s][i][q] = p.sizes[i][q]*inv + p.rtt
			}
		}
	}
}

// advance plays fragment i at level q in scenario s.
func (p *planner) advance(st *simState, s, i, q int) {
	d := p.dl[s][i][q]
	if d > st.buf {
		st.rebuf += d - st.buf
		st.buf = 0
	} else {
		st.buf -= d
	}
	if st.buf < p.reserve && i < p.reserveN {
		st.penalty -= p.reserveCost * (p.reserve - st.buf)
	}
	st.buf += p.chunk
	if p.maxBuffer > 0 && st.buf > p.maxBuffer {
		st.buf = p.maxBuffer
	}
}

// finish plays fragments from..h-1 at level q from the given states and
// returns the expected stall, floor and terminal terms.
func (p *planner) finish(sts *[maxScenarios]simState, from, q int) float64 {
	var total float64
	for s := range p.nScen {
		st := sts[s]
		for i := from; i < p.h; i++ {
			p.advance(&st, s, i, q)
		}
		total += p.weights[s] * p.closing(&st)
	}
	return total
}

// closing is a finished scenario's value: floor penalties, the stall price
// and the terminal buffer value.
func (p *planner) closing(st *simState) float64 {
	v := st.penalty - p.rebufCost*st.rebuf
	if p.termValue != 0 {
		b := st.buf
		if b > p.termCap {
			b = p.termCap
		}
		v += p.termValue * b
	}
	return v
}

// quality is the scenario-free part of "a for j fragments, then b":
// Σ R − switchCost·|ΔR|.
func (p *planner) quality(a, j, b int) float64 {
	var v float64
	last := p.cur
	for i := range p.h {
		q := b
		if i < j {
			q = a
		}
		v += p.mb[q] - p.switchCost*math.Abs(p.mb[q]-p.mb[last])
		last = q
	}
	return v
}

// score is the expected objective of a level sequence over the horizon:
// Σ R − switchCost·|ΔR| − stall price · stall − floor price · dips below
// the floor, plus the terminal buffer value, averaged over the scenarios.
func (p *planner) score(seq []int) float64 {
	var quality float64
	last := p.cur
	for i := range p.h {
		q := seq[i]
		quality += p.mb[q] - p.switchCost*math.Abs(p.mb[q]-p.mb[last])
		last = q
	}
	var total float64
	for s := range p.nScen {
		st := simState{buf: p.buffer}
		for i := range p.h {
			p.advance(&st, s, i, seq[i])
		}
		total += p.weights[s] * p.closing(&st)
	}
	return quality + total
}

// best returns the best first level and, per first level, the best plan's
// expected score. The plan family: "a then b" with b at most upAfter above
// a, and, for b up to downBy below a, "a for j fragments then b" (spend the
// buffer at a, then come down). States after the shared first fragments are
// computed once. Ties go to the lower first level.
func (p *planner) best() (int, [maxLevels]float64) {
	var byFirst [maxLevels]float64
	for i := range byFirst {
		byFirst[i] = math.Inf(-1)
	}
	bestA, bestV := 0, math.Inf(-1)
	record := func(a int, v float64) {
		if v > byFirst[a] {
			byFirst[a] = v
		}
		if v > bestV+1e-9 {
			bestA, bestV = a, v
		}
	}
	var first, prefix [maxScenarios]simState
	for a := 0; a <= p.maxLevel; a++ {
		for s := range p.nScen {
			first[s] = simState{buf: p.buffer}
			p.advance(&first[s], s, 0, a)
		}
		for b := 0; b <= min(p.maxLevel, a+p.upAfter); b++ {
			record(a, p.quality(a, 1, b)+p.finish(&first, 1, b))
			if b >= a || a-b > p.downBy {
				continue
			}
			prefix = first
			for j := 2; j < p.h; j++ {
				for s := range p.nScen {
					p.advance(&prefix[s], s, j-1, a)
				}
				record(a, p.quality(a, j, b)+p.finish(&prefix, j, b))
			}
		}
	}
	return bestA, byFirst
}

// bestExhaustive scores every sequence (slow: for comparison).
func (p *planner) bestExhaustive() (int, [maxLevels]float64) {
	var buf [maxHorizon]int
	seq := buf[:p.h]
	var byFirst [maxLevels]float64
	for i := range byFirst {
		byFirst[i] = math.Inf(-1)
	}
	bestA, bestV := 0, math.Inf(-1)
	for {
		v := p.score(seq)
		byFirst[seq[0]] = max(byFirst[seq[0]], v)
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
