package sim

import (
	"fmt"
	"math"
	"testing"
)

// BenchmarkRotated is the robustness check used while tuning: every dev trace
// started at several offsets (more sessions than files, so a change that
// helps only the t=0 sessions shows). It reports smoothie's QoE_lin ratio to
// Pensieve's RobustMPC per family.
func BenchmarkRotated(b *testing.B) {
	fams := []struct {
		name string
		trs  []*Trace
	}{
		{"hsdpa", rotations(devTraces(b, "hsdpa"), 0, 150)},
		{"fcc", rotations(atLeast(devTraces(b, "fcc"), 0.5), 0, 150)},
		{"oboe", rotations(devTraces(b, "oboe"), 0, 50, 100)},
	}
	for b.Loop() {
		for _, f := range fams {
			ev := NewEvaluator(DefaultConfig())
			ev.SkipOptimum = true
			s, _, err := ev.Evaluate(f.trs, []string{"smoothie", "mpc-pensieve", "bola"})
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: %s | %s | %s", f.name, s[0], s[1], s[2])
			b.ReportMetric(s[0].QoELin/s[1].QoELin, "x_robustmpc_"+f.name)
		}
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

// BenchmarkHighLadder plays dev wifi and oboe with the high ladder (1–40
// Mbit/s): nothing in smoothie may assume Pensieve's ladder. It reports
// smoothie's QoE_lin gain over RobustMPC per family, (ours − theirs)/|theirs|
// (oboe's means are negative on this ladder: its slow traces stall at 1 Mbit/s).
func BenchmarkHighLadder(b *testing.B) {
	cfg := DefaultConfig()
	cfg.Video = HighVideo()
	for b.Loop() {
		for _, fam := range []string{"wifi", "oboe"} {
			ev := NewEvaluator(cfg)
			ev.SkipOptimum = true
			s, _, err := ev.Evaluate(devTraces(b, fam), []string{"smoothie", "mpc-pensieve", "bola"})
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: %s | %s | %s", fam, s[0], s[1], s[2])
			b.ReportMetric((s[0].QoELin-s[1].QoELin)/math.Abs(s[1].QoELin), "gain_robustmpc_"+fam)
		}
	}
}
