package sim

import (
	"fmt"
	"os"
	"testing"

	"github.com/smoothie-player/smoothie/abr"
)

func TestTune(t *testing.T) {
	if os.Getenv("SMOOTHIE_TUNE") == "" {
		t.Skip("set SMOOTHIE_TUNE=1")
	}
	h := NewEvaluator(DefaultConfig())
	f := NewEvaluator(DefaultConfig())
	hs := rotations(devTraces(t, "hsdpa"), 0, 150)
	fs := rotations(atLeast(devTraces(t, "fcc"), 0.5), 0, 150)
	os_ := rotations(devTraces(t, "oboe"), 0, 50, 100)
	o := NewEvaluator(DefaultConfig())
	base := abr.DefaultSmoothieConfig()
	type V struct {
		name string
		f    func(c *abr.SmoothieConfig)
	}
	var variants []V
	for _, bw := range []int{3, 5, 8} {
		for _, lw := range []float64{0, 0.3, 0.6} {
			bw, lw := bw, lw
			variants = append(variants, V{fmt.Sprintf("bw%d lw%.1f", bw, lw), func(c *abr.SmoothieConfig) { c.BaseWindow, c.LastWeight = bw, lw }})
		}
	}
	mpc := func() abr.Policy { return &abr.MPC{Horizon: 5, PensieveIndex: true} }
	mh, mf, mo := h.EvaluateFunc(hs, "mpc", mpc), f.EvaluateFunc(fs, "mpc", mpc), o.EvaluateFunc(os_, "mpc", mpc)
	t.Logf("mpc-pensieve oboe %.3f hsdpa %.3f fcc %.3f", mo.QoELin, mh.QoELin, mf.QoELin)
	for _, vv := range variants {
		name, v := vv.name, vv.f
		c := base
		v(&c)
		mk := func() abr.Policy { return abr.NewSmoothie(c) }
		sh := h.EvaluateFunc(hs, name, mk)
		sf := f.EvaluateFunc(fs, name, mk)
		so := o.EvaluateFunc(os_, name, mk)
		t.Logf("%-24s oboe %.3f (%.3f) hsdpa %.3f (%.3f, rebuf %.4f)  fcc %.3f (%.3f, rebuf %.4f)", name, so.QoELin, so.QoELin/mo.QoELin, sh.QoELin, sh.QoELin/mh.QoELin, sh.RebufferRatio, sf.QoELin, sf.QoELin/mf.QoELin, sf.RebufferRatio)
	}
}

// rotations returns each trace started at each offset (seconds), wrapping.
func rotations(trs []*Trace, offs ...float64) []*Trace {
	var out []*Trace
	for _, tr := range trs {
		for _, off := range offs {
			d := tr.Time[len(tr.Time)-1]
			if off >= d {
				continue
			}
			r := &Trace{Name: fmt.Sprintf("%s@%.0f", tr.Name, off), Time: []float64{0}, Mbps: []float64{0}}
			for i := 1; i < len(tr.Time); i++ {
				if tr.Time[i] > off {
					r.Time = append(r.Time, tr.Time[i]-off)
					r.Mbps = append(r.Mbps, tr.Mbps[i])
				}
			}
			for i := 1; i < len(tr.Time); i++ {
				if tr.Time[i] <= off {
					r.Time = append(r.Time, tr.Time[i]+d-off)
					r.Mbps = append(r.Mbps, tr.Mbps[i])
				}
			}
			out = append(out, r)
		}
	}
	return out
}
