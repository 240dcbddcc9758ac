package abr

import "fmt"

// BatteryConfig tunes the battery rule. It never acts while charging or
// when the power state is unknown.
type BatteryConfig struct {
	Low      float64 // state of charge at or below which the cap applies (0..1)
	Critical float64 // a tighter cap below this
	// Budgets are the highest relative energy per second of playback
	// (1 = the top level) allowed when low (or in power saver) and critical.
	LowBudget, CriticalBudget float64
}

// DefaultBatteryConfig: cap at 20 %, tighter at 10 %.
func DefaultBatteryConfig() BatteryConfig {
	return BatteryConfig{Low: 0.20, Critical: 0.10, LowBudget: 0.55, CriticalBudget: 0.35}
}

// RelativeEnergy is a level's energy per second of playback relative to the
// ladder's top level: decoding scales with pixels per second, the radio and
// the parser with the bitrate. Half of each, which matches the shape of the
// published smartphone power breakdowns (decode and network of the same order).
func RelativeEnergy(l Ladder, q int) float64 {
	top := l[l.Top()]
	e := 0.5 * float64(l[q].Bitrate) / float64(top.Bitrate)
	if pt, pq := pixelRate(top), pixelRate(l[q]); pt > 0 && pq > 0 {
		return e + 0.5*pq/pt
	}
	return 2 * e
}

// batteryCap returns the highest level the battery rule allows.
func batteryCap(cfg BatteryConfig, in *Input) (int, string) {
	p := in.Power
	top := in.Ladder.Top()
	if !p.Known || p.Charging {
		return top, ""
	}
	budget := 0.0
	var why string
	switch {
	case p.Level <= cfg.Critical:
		budget, why = cfg.CriticalBudget, fmt.Sprintf("battery %.0f%% (critical)", 100*p.Level)
	case p.Level <= cfg.Low:
		budget, why = cfg.LowBudget, fmt.Sprintf("battery %.0f%%", 100*p.Level)
	case p.Saver:
		budget, why = cfg.LowBudget, "power saver"
	default:
		return top, ""
	}
	if p.Saver && budget > cfg.LowBudget {
		budget = cfg.LowBudget
	}
	lvl := 0
	for q := range in.Ladder {
		if RelativeEnergy(in.Ladder, q) <= budget+1e-9 {
			lvl = q
		}
	}
	if lvl == top {
		return top, ""
	}
	return lvl, fmt.Sprintf("%s: energy cap %s kbps", why, in.Ladder.Kbps(lvl))
}
