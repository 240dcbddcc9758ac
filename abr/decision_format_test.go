package abr

import "testing"

func TestMbps(t *testing.T) {
	for _, c := range []struct {
		bps  float64
		want string
	}{
		{300_000, "0.3 Mbps"},
		{1_700_000, "1.7 Mbps"},
		{12_300_000, "12 Mbps"},
		{99_000_000, "99 Mbps"},
		{99_600_000, "100 Mbps"},
		{810_000_000, "810 Mbps"},
		{1_234_500_000, "1234 Mbps"},
	} {
		if got := mbps(c.bps); got != c.want {
			t.Errorf("mbps(%v) = %q, want %q", c.bps, got, c.want)
		}
	}
}
