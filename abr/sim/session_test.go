package sim

import (
	"reflect"
	"testing"

	"github.com/smoothie-player/smoothie/abr"
)

// fixedLevel always picks the lowest level.
type fixedLevel struct{}

func (*fixedLevel) Name() string                     { return "fixed" }
func (*fixedLevel) Select(in abr.Input) abr.Decision { return abr.Decision{Level: 0, Reason: "fixed"} }

func steadyTrace(mbps float64) *Trace {
	tr := &Trace{Name: "steady"}
	for i := 0; i <= 100; i++ {
		tr.Time = append(tr.Time, float64(i))
		tr.Mbps = append(tr.Mbps, mbps)
	}
	return tr
}

func TestSessionBufferAndStalls(t *testing.T) {
	cfg := DefaultConfig()
	s := Run(cfg, steadyTrace(10), &fixedLevel{})
	if len(s.Chunks) != 48 || s.Chunks[0].Level != 1 {
		t.Fatalf("%d chunks, first at %d", len(s.Chunks), s.Chunks[0].Level)
	}
	m := Measure(cfg.Video.Ladder, 4, s)
	if m.RebufferS != 0 {
		t.Errorf("stalls on a 10 Mbit/s link at 300 kbit/s: %v", m.RebufferS)
	}
	// The buffer is capped: 60 s plus at most one chunk.
	for k, c := range s.Chunks {
		if c.Buffer > 60+1e-9 {
			t.Errorf("chunk %d: buffer %.1f s above the cap", k, c.Buffer)
		}
	}
	// The first switch 750→300 costs 0.45; then 46 chunks at 0.3.
	if want := (0.3 - 0.45 + 46*0.3) / 47; abs(m.QoELin-want) > 1e-9 {
		t.Errorf("QoE_lin %v, want %v", m.QoELin, want)
	}
	if m.SwitchesPerMin != 60.0/192 {
		t.Errorf("switches/min %v", m.SwitchesPerMin)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestEvaluateIsDeterministic(t *testing.T) {
	trs := []*Trace{steadyTrace(1.2), steadyTrace(3), {Name: "saw", Time: []float64{0, 5, 10, 15}, Mbps: []float64{0, 0.5, 4, 1}}}
	names := []string{"smoothie", "mpc", "bola", OracleMPC, Optimum}
	a, pa, err := NewEvaluator(DefaultConfig()).Evaluate(trs, names)
	if err != nil {
		t.Fatal(err)
	}
	b, pb, _ := NewEvaluator(DefaultConfig()).Evaluate(trs, names)
	if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(pa, pb) {
		t.Fatal("two runs differ")
	}
	// The optimum is the best of all on every trace (it is normalised to 1).
	for ti := range trs {
		for pi := range names {
			if pa[pi][ti].QoELin > pa[4][ti].QoELin+1e-9 {
				t.Errorf("%s beats the optimum on %s: %.3f > %.3f", names[pi], trs[ti].Name, pa[pi][ti].QoELin, pa[4][ti].QoELin)
			}
		}
	}
	if a[4].Normalized != 1 {
		t.Errorf("optimum normalised to %v", a[4].Normalized)
	}
	if _, _, err := NewEvaluator(DefaultConfig()).Evaluate(trs, []string{"nope"}); err == nil {
		t.Error("unknown policy: no error")
	}
}
