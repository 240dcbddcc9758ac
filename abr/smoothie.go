package abr

import (
	"fmt"
	"math"
	"time"
)

// SmoothieConfig is the configuration of Smoothie's own policy.
type SmoothieConfig struct {
	Estimator EstimatorConfig
	Horizon   int // fragments the look-ahead plans
	// BaseWindow is how many recent samples the harmonic mean at the centre
	// of the forecast uses; when the newest sample is lower, LastWeight of it
	// is blended in (a drop shows at once, a rise waits for the mean unless
	// it is a regime change: see ChangeRun).
	BaseWindow int
	LastWeight float64
	// History is how many recent predictions calibrate the forecast: the
	// ratios actual/predicted of the last History fragments give the
	// throughput scenarios the planner weighs.
	History int
	// Quantiles of the calibrated ratio used as scenarios, with Weights;
	// nil uses every recent ratio as an equally likely scenario.
	Quantiles, Weights []float64
	// ChangeRun and ChangeRatio detect a rise of the link (a regime
	// change): when each of the last ChangeRun or more samples is at least
	// ChangeRatio × what the predictor forecast before the first of them,
	// the harmonic mean reads only the samples from that run on (a mean
	// across the step estimates neither regime). The calibration is left
	// as it is: the jump stays among its ratios and widens the scenarios
	// and the buffer floor as any surprise does. ChangeRun 0 disables it.
	ChangeRun   int
	ChangeRatio float64
	// MaxRatio bounds the calibrated ratio: the forecast never exceeds
	// MaxRatio × the harmonic mean.
	MaxRatio float64
	// FirstRatio stands in for the calibration before a second fragment
	// arrived (the first sample has nothing to be compared with).
	FirstRatio float64
	// EndReserve scales the buffer floor once the end of a VoD presentation
	// is within the horizon (buffer left at the end is never played).
	EndReserve float64
	// Reserve is a soft buffer floor: the planner charges ReserveCost (a
	// fraction of the stall price) per second the planned buffer dips below
	// it at a fragment's arrival (forecast errors eat that margin).
	// The floor grows with the forecast's recent error: Reserve +
	// ReservePerError × mean |actual/predicted − 1|.
	Reserve         time.Duration
	ReservePerError time.Duration
	ReserveCost     float64
	ReserveChunks   int // the floor applies to this many fragments ahead
	// RebufferCost is the price of one second of stall in Mbit/s of one
	// fragment's quality; 0 means the top bitrate in Mbit/s (QoE_lin).
	RebufferCost float64
	// TerminalValue rewards buffer left at the end of the horizon (per
	// second, up to TerminalCap), so the short horizon does not spend it all.
	TerminalValue float64
	TerminalCap   time.Duration
	// StartupBitrate is the most the first fragment may cost when nothing
	// was measured yet (bits/s).
	StartupBitrate int
	// FastFill: with no throughput sample, a buffer at its target filling at
	// least this many times faster than real time steps up a level (0: off).
	FastFill float64
	// Emergency is the buffer below which the policy only picks a level whose
	// next fragment arrives before the buffer runs dry at the low scenario.
	Emergency time.Duration
	// UpMargin damps switching: going up needs a plan better than staying by
	// this much (Mbit/s units).
	UpMargin float64
	// UpTo bounds an up-switch: the new level's bitrate is at most the centre
	// of the forecast × (1 + UpTo × its mean error): on a steady link no higher
	// than it sustains (a level above only spends buffer, and the short horizon
	// does not see the way back down); a link that surprises leaves room.
	// 0: no such bound. Whatever UpTo, an up-switch never goes above
	// MaxRatio × the highest of the last History link samples: a level the
	// link has not come near lately (on a steady link a noisy meter widens the
	// mean error, not the peak).
	UpTo float64
	// SwitchCost weighs |ΔR| in the plans (QoE_lin's weight is 1; more
	// damps oscillation the short horizon does not see).
	SwitchCost float64
	// Exhaustive scores every level sequence instead of the plan family
	// (slow; for comparison).
	Exhaustive bool
	// UpAfter bounds how far a plan may rise after its first fragment
	// (fewer plans to score; rising later is what the next decision does).
	UpAfter int
	// DownBy bounds how far "spend the buffer, then come down" plans come
	// down.
	DownBy  int
	CPU     CPUConfig
	Battery BatteryConfig
	Live    LiveConfig
}

// DefaultSmoothieConfig is the tuned default (see abr/sim's benchmarks).
func DefaultSmoothieConfig() SmoothieConfig {
	return SmoothieConfig{
		Estimator:       DefaultEstimatorConfig(),
		Horizon:         5,
		BaseWindow:      5,
		LastWeight:      0.3,
		History:         12,
		Quantiles:       []float64{0.1, 0.3, 0.5, 0.7, 0.9},
		Weights:         []float64{0.2, 0.2, 0.2, 0.2, 0.2},
		ChangeRun:       2,
		ChangeRatio:     3,
		MaxRatio:        1.2,
		FirstRatio:      0.9,
		EndReserve:      0.5,
		Reserve:         4 * time.Second,
		ReservePerError: 10 * time.Second,
		ReserveCost:     0.5,
		ReserveChunks:   5,
		TerminalValue:   0.05,
		TerminalCap:     12 * time.Second,
		StartupBitrate:  1_000_000,
		FastFill:        8,
		Emergency:       3 * time.Second,
		UpMargin:        0.05,
		UpTo:            4,
		SwitchCost:      1.5,
		UpAfter:         1,
		DownBy:          1,
		CPU:             DefaultCPUConfig(),
		Battery:         DefaultBatteryConfig(),
		Live:            DefaultLiveConfig(),
	}
}

// DefaultChunkDuration stands in when the caller does not know the next
// fragment's duration (Smooth Streaming's usual 2 s).
const DefaultChunkDuration = 2 * time.Second

// Smoothie is our policy: a look-ahead planner over the known upcoming
// fragment sizes with a calibrated, error-aware throughput forecast; caps
// from the device (decode capacity, dropped frames), the battery and the
// caller; on live, a cap while behind the target latency; an emergency drop;
// switch damping; and the user pin over all.
type Smoothie struct {
	cfg     SmoothieConfig
	cpu     cpuRule
	scratch planner // reused by every decision
}

// NewSmoothie makes a Smoothie policy for one session.
func NewSmoothie(cfg SmoothieConfig) *Smoothie {
	return &Smoothie{cfg: cfg, cpu: cpuRule{cfg: cfg.CPU}}
}

// Name implements Policy.
func (*Smoothie) Name() string { return "smoothie" }

// linkSamples returns the link-rate samples (bits/s) of the video transfers
// among the last 32, oldest first, with their TTFBs in seconds.
func (s *Smoothie) linkSamples(ts []Transfer, samples, ttfbs []float64) ([]float64, []float64) {
	for _, t := range ts[max(0, len(ts)-32):] {
		if t.Audio {
			continue
		}
		v, _, ok := linkSample(t, s.cfg.Estimator.MinBytes)
		if !ok {
			continue
		}
		samples = append(samples, v)
		ttfbs = append(ttfbs, t.TTFB.Seconds())
	}
	return samples, ttfbs
}

// Forecast implements Forecaster: the centre of the forecast, the harmonic
// mean of the recent link-rate samples (from the latest rise of the link on),
// with a drop blended in at once. 0 before the first sample.
func (s *Smoothie) Forecast(ts []Transfer) float64 {
	var sb, tb [32]float64
	samples, _ := s.linkSamples(ts, sb[:0], tb[:0])
	if len(samples) == 0 {
		return 0
	}
	return s.predict(samples[s.regimeStart(samples):])
}

// forecast returns the centre of the forecast (Input.Throughput when the
// meter gives one, else Forecast of the transfers), the scenario rates, the
// typical dead time per request (median TTFB) and the highest of the last
// History link samples, from the transfer history.
func (s *Smoothie) forecast(in *Input, rates []float64) (hm float64, out []float64, rtt, errMean, peak float64) {
	var sb [32]float64
	var tb [32]float64
	samples, ttfbs := s.linkSamples(in.Transfers, sb[:0], tb[:0])
	if len(samples) == 0 {
		return 0, rates, 0, 0, 0
	}
	for _, v := range samples[max(0, len(samples)-s.cfg.History):] {
		peak = max(peak, v)
	}
	rtt = quantile(ttfbs, 0.5)
	hm = in.Throughput
	if hm <= 0 {
		hm = s.predict(samples[s.regimeStart(samples):])
	}
	// Calibration: how did the same predictor do on the recent fragments?
	var rb [32]float64
	ratios := rb[:0]
	for j := max(1, len(samples)-s.cfg.History); j < len(samples); j++ {
		ratios = append(ratios, samples[j]/s.predict(samples[:j]))
	}
	if len(ratios) == 0 {
		ratios = append(ratios, s.cfg.FirstRatio)
	}
	for _, r := range ratios {
		errMean += math.Abs(r-1) / float64(len(ratios))
	}
	if len(s.cfg.Quantiles) == 0 { // the empirical distribution itself
		quantile(ratios, 0) // sorts
		step := max(1, (len(ratios)+maxScenarios-1)/maxScenarios)
		for i := 0; i < len(ratios); i += step {
			rates = append(rates, hm*math.Min(ratios[i], s.cfg.MaxRatio))
		}
		return hm, rates, rtt, errMean, peak
	}
	for _, q := range s.cfg.Quantiles[:min(len(s.cfg.Quantiles), maxScenarios)] {
		rates = append(rates, hm*math.Min(quantile(ratios, q), s.cfg.MaxRatio))
	}
	return hm, rates, rtt, errMean, peak
}

// quantile of s (sorted in place), linear between order statistics.
func quantile(s []float64, q float64) float64 {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	if len(s) == 0 {
		return 0
	}
	x := q * float64(len(s)-1)
	i := int(x)
	if i >= len(s)-1 {
		return s[len(s)-1]
	}
	return s[i] + (x-float64(i))*(s[i+1]-s[i])
}

// Select implements Policy.
func (s *Smoothie) Select(in Input) Decision {
	if d, ok := sanitize(&in); !ok {
		return d
	}
	l := in.Ladder
	var props [6]Proposal
	pr := props[:0]
	// Caps: caller (resolution, --cpu-budget), decoder, battery.
	maxLvl, why := l.Top(), ""
	if in.MaxLevel >= 0 && in.MaxLevel < maxLvl {
		maxLvl, why = in.MaxLevel, "resolution cap"
		pr = append(pr, Proposal{Rule: "cap", Level: maxLvl, Note: why})
	}
	if c, note := s.cpu.cap(&in); note != "" {
		pr = append(pr, Proposal{Rule: "cpu", Level: c, Note: note})
		if c < maxLvl {
			maxLvl, why = c, note
		}
	}
	if c, note := batteryCap(s.cfg.Battery, &in); note != "" {
		pr = append(pr, Proposal{Rule: "battery", Level: c, Note: note})
		if c < maxLvl {
			maxLvl, why = c, note
		}
	}
	var rb [16]float64
	hm, rates, rtt, errMean, peak := s.forecast(&in, rb[:0])
	buf := in.Buffer.Seconds()
	var lvl int
	var note string
	switch {
	case hm == 0: // startup: nothing measured yet
		var ok bool
		if lvl, note, ok = s.fastFillStep(&in, maxLvl); ok {
			pr = append(pr, Proposal{Rule: "fast-fill", Level: lvl, Note: note})
			break
		}
		lvl = min(l.Fit(float64(s.cfg.StartupBitrate)), maxLvl)
		note = "startup, no throughput sample yet"
		pr = append(pr, Proposal{Rule: "startup", Level: lvl, Note: note})
	default:
		lvl, note = s.plan(&in, maxLvl, hm, rates, rtt, errMean, peak)
		pr = append(pr, Proposal{Rule: "lookahead", Level: lvl, Note: note})
		if c, why := liveCap(s.cfg.Live, &in, rates[0]); why != "" {
			pr = append(pr, Proposal{Rule: "live", Level: c, Note: why})
			if c < lvl {
				lvl, note = c, why
			}
		}
		if in.Buffer < s.cfg.Emergency && in.Current >= 0 {
			low := rates[0]
			e := lvl
			for e > 0 && in.chunkBytes(0, e)*8/low+rtt > buf {
				e--
			}
			if e < lvl {
				lvl = e
				note = fmt.Sprintf("emergency: buffer %.1f s, low forecast %s", buf, mbps(low))
				pr = append(pr, Proposal{Rule: "emergency", Level: e, Note: note})
			}
		}
	}
	if why != "" && lvl == maxLvl && maxLvl < l.Top() {
		note += "; capped: " + why
	}
	return pinned(&in, Decision{Level: lvl, Reason: explain(l, in.Current, lvl, note), Proposals: pr, Throughput: hm})
}

// plan runs the look-ahead and applies switch damping.
func (s *Smoothie) plan(in *Input, maxLvl int, hm float64, rates []float64, rtt, errMean, peak float64) (int, string) {
	l := in.Ladder
	n := min(len(l), maxLevels)
	cost := s.cfg.RebufferCost
	if cost == 0 {
		cost = float64(l[l.Top()].Bitrate) / 1e6
	}
	p := &s.scratch
	p.ladder = l
	p.maxLevel = min(maxLvl, n-1)
	p.cur = min(max(in.Current, 0), n-1)
	p.buffer = in.Buffer.Seconds()
	p.chunk = in.ChunkDuration.Seconds()
	p.maxBuffer = liveBuffer(in).Seconds()
	p.h = min(max(in.horizon(s.cfg.Horizon), 1), maxHorizon)
	p.nScen = min(len(rates), maxScenarios)
	p.rtt = rtt
	p.rebufCost = cost
	p.termValue, p.termCap = s.cfg.TerminalValue, s.cfg.TerminalCap.Seconds()
	p.reserve = s.cfg.Reserve.Seconds() + errMean*s.cfg.ReservePerError.Seconds()
	if in.ChunksLeft >= 0 && in.ChunksLeft <= p.h {
		p.reserve *= s.cfg.EndReserve
	}
	p.reserveCost, p.reserveN = s.cfg.ReserveCost*cost, s.cfg.ReserveChunks
	p.switchCost, p.upAfter, p.downBy = s.cfg.SwitchCost, s.cfg.UpAfter, s.cfg.DownBy
	for i := range p.h {
		for q := range n {
			p.sizes[i][q] = in.chunkBytes(i, q) * 8
		}
	}
	for i := range p.nScen {
		p.rates[i] = rates[i]
		if len(s.cfg.Quantiles) == 0 {
			p.weights[i] = 1 / float64(p.nScen)
		} else if i < len(s.cfg.Weights) {
			p.weights[i] = s.cfg.Weights[i]
		} else {
			p.weights[i] = 0
		}
	}
	p.prepare()
	best := p.best
	if s.cfg.Exhaustive {
		best = p.bestExhaustive
	}
	a, byFirst := best()
	// Damping: go up only when that is clearly better than staying.
	if cur := p.cur; a > cur && cur <= p.maxLevel && byFirst[a]-byFirst[cur] < s.cfg.UpMargin {
		a = cur
	}
	// Going up: no higher than the forecast sustains, give or take its error,
	// and never far above the best the link did lately.
	for s.cfg.UpTo > 0 && a > p.cur && float64(l[a].Bitrate) > hm*(1+s.cfg.UpTo*errMean) {
		a--
	}
	for a > p.cur && float64(l[a].Bitrate) > peak*s.cfg.MaxRatio {
		a--
	}
	return a, "throughput " + mbps(hm) + " (forecast " + mbps(rates[0]) + "…" + mbps(rates[len(rates)-1]) + "); buffer " + secs(in.Buffer.Seconds()) + " s"
}
