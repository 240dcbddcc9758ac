package origin

import (
	"math"
	"strings"
	"testing"
)

// FuzzParseFault: a --fault spec parses into a probability in [0, 1] or fails with
// one line.
func FuzzParseFault(f *testing.F) {
	for _, s := range []string{"500:5%", "reset:2%", "stall:1%:10s", "corrupt:1%@video", "503:10%@300000", "truncate:0.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		ft, err := ParseFault(spec)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		if !(ft.Probability >= 0 && ft.Probability <= 1) {
			t.Fatalf("%q: probability %v", spec, ft.Probability)
		}
	})
}

// FuzzParseRate: a rate parses into a positive finite bit rate or fails with one line.
func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"2Mbps", "2M", "500kbps", "1.5Mbit/s", "800000", "1e3k"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRate(s)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		if !(r > 0) || math.IsInf(r, 0) || math.IsNaN(r) {
			t.Fatalf("%q: rate %v", s, r)
		}
	})
}
