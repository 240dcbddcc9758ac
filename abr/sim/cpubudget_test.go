package sim

import (
	"testing"

	"github.com/smoothie-player/smoothie/abr"
)

// TestCPUBudgetHoldsStill is playertest's cpu-budget-holds-still on the
// simulator's device model (`sim --device laptop --cpu-budget B`): a fixed
// decode budget, no background load and a steady 20 Mbit/s link; after the
// first 10 s the engine switches at most twice, whatever the budget.
func TestCPUBudgetHoldsStill(t *testing.T) {
	for _, budget := range []float64{0.2, 0.35, 0.6} {
		cfg := DefaultConfig()
		cfg.Device, _ = DeviceByName("laptop")
		cfg.DecodeBudget = budget
		s := Run(cfg, steadyTrace(20), abr.NewSmoothie(abr.DefaultSmoothieConfig()))
		var at float64
		switches, levels := 0, []int{}
		for k, c := range s.Chunks {
			if k > 0 && c.Level != s.Chunks[k-1].Level && at > 10 {
				switches++
			}
			at += c.Delay + c.Sleep
			levels = append(levels, c.Level)
		}
		t.Logf("budget %.0f%%: levels %v", 100*budget, levels)
		if switches > 2 {
			t.Errorf("budget %.0f%%: %d switches after the first 10 s: %v", 100*budget, switches, levels)
		}
	}
}
