package sim

import (
	"testing"

	"github.com/smoothie-player/smoothie/abr"
)

// TestWeakDevice is the device-track goal on fast links: with
// --device weak, smoothie drops < 1 % of frames while CPU-blind baselines
// drop > 10 %, at no worse QoE.
func TestWeakDevice(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Device, _ = DeviceByName("weak")
	trs := []*Trace{steadyTrace(6), steadyTrace(9), {Name: "steps", Time: []float64{0, 30, 60, 90}, Mbps: []float64{0, 8, 5, 12}}}
	sum, _, err := NewEvaluator(cfg).Evaluate(trs, []string{"smoothie", "mpc", "bola", "dynamic"})
	if err != nil {
		t.Fatal(err)
	}
	ours := sum[0]
	if ours.DropRatio >= 0.01 {
		t.Errorf("smoothie drops %.2f%% of frames, want < 1%%", 100*ours.DropRatio)
	}
	for _, s := range sum[1:] {
		t.Logf("%s dropped %.1f%%", s, 100*s.DropRatio)
		if s.DropRatio <= 0.10 {
			t.Errorf("%s drops only %.1f%%: the scenario no longer stresses the decoder", s.Name, 100*s.DropRatio)
		}
		if ours.QoELin < s.QoELin {
			t.Errorf("smoothie QoE %.3f < %s's %.3f", ours.QoELin, s.Name, s.QoELin)
		}
	}
}

// TestBatteryCap: on a laptop that decodes everything, a low, discharging
// battery makes smoothie spend less energy per minute; charging does not.
func TestBatteryCap(t *testing.T) {
	energy := func(spec string) float64 {
		cfg := DefaultConfig()
		cfg.Device, _ = DeviceByName("laptop")
		cfg.Power, _ = abr.ParsePower(spec)
		s, _, err := NewEvaluator(cfg).Evaluate([]*Trace{steadyTrace(8)}, []string{"smoothie"})
		if err != nil {
			t.Fatal(err)
		}
		return s[0].EnergyJPerMin
	}
	charging, low, full := energy("charging:15%"), energy("discharging:15%"), energy("discharging:90%")
	if !(low < 0.9*charging) {
		t.Errorf("discharging at 15%%: %.0f J/min, charging: %.0f J/min; want ≥ 10%% less", low, charging)
	}
	if full != charging {
		t.Errorf("discharging at 90%% (%.0f J/min) should match charging (%.0f J/min)", full, charging)
	}
}
