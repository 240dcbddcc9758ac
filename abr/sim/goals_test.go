package sim

import (
	"testing"
)

// atLeast keeps the traces whose mean throughput is at least mbps (the issue
// judges fcc on the 25 dev files with a mean ≥ 0.5 Mbit/s).
func atLeast(trs []*Trace, mbps float64) []*Trace {
	var out []*Trace
	for _, t := range trs {
		if t.Mean() >= mbps {
			out = append(out, t)
		}
	}
	return out
}

// familyRatios returns smoothie's and BOLA's summaries and smoothie's QoE_lin
// ratio to RobustMPC ("mpc") on a family.
func familyRatios(t testing.TB, trs []*Trace, names []string) []Summary {
	t.Helper()
	sum, _, err := NewEvaluator(DefaultConfig()).Evaluate(trs, names)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// TestGoals checks the issue-5 goals on the dev families: smoothie's mean
// QoE_lin ≥ 1.15 × RobustMPC on hsdpa and ≥ 1.05 × on fcc (traces ≥ 0.5
// Mbit/s), with a rebuffer ratio no worse than BOLA's. "RobustMPC" is the one
// the scale refers to: Pensieve's mpc.py (our "mpc-pensieve"; the
// reference numbers 0.929 on hsdpa and 0.939 on fcc in docs/sim.md, with the oracle at
// 1.35× and 1.07×). The corrected-index "mpc" is logged next to it.
//
// It is a benchmark because it plays both families with every policy and the
// optimum (too slow under -race): go test -run '^$' -bench Goals ./abr/sim.
// It reports the ratios as metrics and fails below the goals (the dev-set
// numbers are not the held-out ones: see docs/sim.md for the robustness checks).
func BenchmarkGoals(b *testing.B) {
	for b.Loop() {
		goals(b)
	}
}

func goals(t *testing.B) {
	for _, fam := range []struct {
		name  string
		min   float64
		goal  float64
		guard float64
	}{{"hsdpa", 0, 1.15, 1.15}, {"fcc", 0.5, 1.05, 1.05}} {
		fam := fam
		trs := atLeast(devTraces(t, fam.name), fam.min)
		names := []string{"smoothie", "mpc-pensieve", "bola", "mpc", "throughput", "bba", "dynamic", "exo", OracleMPC, Optimum}
		s := familyRatios(t, trs, names)
		for _, x := range s {
			t.Logf("%s %s", fam.name, x)
		}
		r := s[0].QoELin / s[1].QoELin
		t.Logf("%s: smoothie/RobustMPC = %.3f (goal %.2f); rebuffer %.4f vs BOLA %.4f", fam.name, r, fam.goal, s[0].RebufferRatio, s[2].RebufferRatio)
		t.Logf("%s: smoothie/mpc (corrected index) = %.3f", fam.name, s[0].QoELin/s[3].QoELin)
		t.ReportMetric(r, "x_robustmpc_"+fam.name)
		if r < fam.guard {
			t.Errorf("%s: smoothie/RobustMPC QoE_lin = %.3f, below the guard %.2f (goal %.2f)", fam.name, r, fam.guard, fam.goal)
		}
		if s[0].RebufferRatio > s[2].RebufferRatio {
			t.Errorf("%s: smoothie rebuffer ratio %.4f > BOLA's %.4f", fam.name, s[0].RebufferRatio, s[2].RebufferRatio)
		}
	}
}
