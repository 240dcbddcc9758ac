package player

import "testing"

func TestCapLevel(t *testing.T) {
	for _, c := range []struct {
		caps []Cap
		lvl  int
		why  string
	}{
		{nil, 0, ""},
		{[]Cap{{Level: 3, Reason: CapCPU}}, 3, CapCPU},
		{[]Cap{{Level: 3, Reason: CapCPU}, {Level: 2, Reason: CapBattery}}, 2, CapBattery},
		{[]Cap{{Level: 2, Reason: CapWindow}, {Level: 4, Reason: CapCPU}}, 2, CapWindow},
	} {
		if lvl, why := (TrackStats{Caps: c.caps}).CapLevel(); lvl != c.lvl || why != c.why {
			t.Errorf("CapLevel(%+v) = %d %q, want %d %q", c.caps, lvl, why, c.lvl, c.why)
		}
	}
}
