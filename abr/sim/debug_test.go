package sim

import (
	"os"
	"testing"

	"github.com/smoothie-player/smoothie/abr"
)

func TestDebug(t *testing.T) {
	if os.Getenv("SMOOTHIE_TUNE") == "" {
		t.Skip()
	}
	cfg := DefaultConfig()
	c := abr.DefaultSmoothieConfig()
	worst, wi := 0.0, 0
	trs := atLeast(devTraces(t, "fcc"), 0.5)
	for i, tr := range trs {
		a := Measure(cfg.Video.Ladder, 4, Run(cfg, tr, abr.NewSmoothie(c)))
		b := Measure(cfg.Video.Ladder, 4, Run(cfg, tr, &abr.MPC{Horizon: 5}))
		t.Logf("%2d %.3f %.3f rebuf %.2f %.2f %s", i, a.QoELin, b.QoELin, a.RebufferS, b.RebufferS, tr.Name)
		if b.QoELin-a.QoELin > worst {
			worst, wi = b.QoELin-a.QoELin, i
		}
	}
	s := Run(cfg, trs[wi], abr.NewSmoothie(c))
	s2 := Run(cfg, trs[wi], &abr.MPC{Horizon: 5})
	for k, ch := range s.Chunks {
		t.Logf("%d q=%d/%d delay=%.2f rebuf=%.2f buf=%.1f/%.1f %s", k, ch.Level, s2.Chunks[k].Level, ch.Delay, ch.Rebuffer, ch.Buffer, s2.Chunks[k].Buffer, ch.Reason)
	}
}
