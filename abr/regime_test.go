package abr

import "testing"

func TestRegimeStart(t *testing.T) {
	slow := []float64{0.6e6, 0.6e6, 0.6e6, 0.6e6, 0.6e6, 0.6e6}
	with := func(tail ...float64) []float64 { return append(append([]float64{}, slow...), tail...) }
	tests := []struct {
		name    string
		samples []float64
		want    int
	}{
		{"steady link", with(0.6e6, 0.6e6), 0},
		{"one fast sample is not a regime", with(8e6), 0},
		{"two fast samples are", with(8e6, 8e6), 6},
		{"three fast samples: the rise still starts at the first", with(8e6, 8e6, 8e6), 6},
		{"a rise below 3× is left to the mean", with(1.5e6, 1.5e6, 1.5e6), 0},
		{"a dip inside the run breaks it", with(8e6, 0.5e6, 8e6), 0},
		{"a drop is not a rise", with(0.1e6, 0.1e6, 0.1e6), 0},
		{"a rise the window has filled needs no cut", with(8e6, 8e6, 8e6, 8e6, 8e6), 0},
		{"a recovery after an outage", []float64{2e6, 2e6, 0.1e6, 0.1e6, 0.1e6, 2e6, 2e6}, 5},
		{"too few samples", []float64{8e6}, 0},
	}
	s := NewSmoothie(DefaultSmoothieConfig())
	for _, tc := range tests {
		if got := s.regimeStart(tc.samples); got != tc.want {
			t.Errorf("%s: regime starts at %d, want %d", tc.name, got, tc.want)
		}
	}
	off := DefaultSmoothieConfig()
	off.ChangeRun = 0
	if got := NewSmoothie(off).regimeStart(with(8e6, 8e6)); got != 0 {
		t.Errorf("ChangeRun 0: regime starts at %d, want 0 (disabled)", got)
	}
}
