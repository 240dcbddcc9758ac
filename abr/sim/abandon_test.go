package sim

import (
	"strings"
	"testing"
)

// TestAbandon: a plan that asks for the top level (4.3 Mbit/s) of every chunk
// on a steady 1 Mbit/s link stalls chunk after chunk; with Config.Abandon each
// such download is given up once its rate shows it cannot arrive in time, and
// the chunk comes at a level that does: the sessions stall far less, never
// above the level asked for, and the reasons say so. A plan that fits the link
// is never abandoned.
func TestAbandon(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Chunks = 20
	top := make(fixedPlan, cfg.Chunks)
	for k := range top {
		top[k] = 5
	}
	plain := run(cfg, steadyTrace(1), "top", top)
	cfg.Abandon = true
	kept := run(cfg, steadyTrace(1), "top", top)
	ms, mk := Measure(cfg.Video.Ladder, 4, plain), Measure(cfg.Video.Ladder, 4, kept)
	if mk.RebufferS > ms.RebufferS/4 || mk.QoELin <= ms.QoELin {
		t.Fatalf("with abandonment %.1f s of stalls, QoE_lin %.2f; without %.1f s, %.2f", mk.RebufferS, mk.QoELin, ms.RebufferS, ms.QoELin)
	}
	abandoned := 0
	for k, c := range kept.Chunks[1:] {
		if strings.Contains(c.Reason, "abandoned after") {
			abandoned++
			if c.Level >= 5 {
				t.Errorf("chunk %d abandoned, kept at level %d", k+1, c.Level)
			}
		}
	}
	if abandoned == 0 {
		t.Fatal("no download abandoned")
	}
	low := make(fixedPlan, cfg.Chunks)
	for k := range low {
		low[k] = 1 // 750 kbit/s on a 1 Mbit/s link
	}
	for k, c := range run(cfg, steadyTrace(1), "low", low).Chunks {
		if c.Level != 1 || strings.Contains(c.Reason, "abandoned") {
			t.Fatalf("chunk %d at level %d (%s): a plan that fits is never abandoned", k, c.Level, c.Reason)
		}
	}
}
