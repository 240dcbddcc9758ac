package abr

import (
	"strings"
	"testing"
	"time"
)

func TestBaselines(t *testing.T) {
	tests := []struct {
		name   string
		policy Policy
		in     Input
		want   int
	}{
		{"throughput fits the harmonic mean", &Throughput{}, baseInput(2e6, 10*time.Second), 3},
		{"throughput without samples starts lowest", &Throughput{}, Input{Ladder: pensieve(), Current: -1}, 0},
		{"bba below the reservoir", &BBA{Reservoir: 5, Cushion: 10}, baseInput(2e6, 4*time.Second), 0},
		{"bba in the cushion", &BBA{Reservoir: 5, Cushion: 10}, baseInput(2e6, 11*time.Second), 3},
		{"bba above the cushion", &BBA{Reservoir: 5, Cushion: 10}, baseInput(2e6, 15*time.Second), 5},
		{"bola empty buffer", &BOLA{}, baseInput(2e6, 0), 0},
		{"bola full buffer", &BOLA{}, baseInput(2e6, 30*time.Second), 5},
		{"mpc fast link", &MPC{Horizon: 5}, baseInput(8e6, 10*time.Second), 5},
		{"mpc slow link", &MPC{Horizon: 5}, baseInput(0.5e6, 6*time.Second), 0},
		{"mpc-pensieve reads sizes one chunk ahead", &MPC{Horizon: 5, PensieveIndex: true}, atTop(withUpcoming(baseInput(0.5e6, 6*time.Second), 1)), 5},
		{"mpc-pensieve slow link", &MPC{Horizon: 5, PensieveIndex: true}, withUpcoming(baseInput(0.5e6, 6*time.Second), 10), 0},
		{"dynamic uses throughput at low buffer", &Dynamic{}, baseInput(2e6, 5*time.Second), 2},
		{"exo keeps level below 10 s buffer", &Exo{}, baseInput(5e6, 5*time.Second), 2},
		{"exo goes up with 10 s buffer", &Exo{}, baseInput(5e6, 12*time.Second), 4},
		{"exo keeps level above 25 s buffer", &Exo{}, baseInput(0.5e6, 30*time.Second), 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.policy.Select(tc.in)
			if d.Level != tc.want {
				t.Errorf("%s: level %d, want %d (%s)", tc.policy.Name(), d.Level, tc.want, d.Reason)
			}
			if d.Reason == "" {
				t.Error("empty reason")
			}
		})
	}
}

func TestNewKnowsEveryName(t *testing.T) {
	for _, n := range Names() {
		p, err := New(n)
		if err != nil {
			t.Fatalf("New(%q): %v", n, err)
		}
		if p.Name() != n {
			t.Errorf("New(%q).Name() = %q", n, p.Name())
		}
		in := withUpcoming(baseInput(1.5e6, 8*time.Second), 20)
		in.Pinned, in.Pin = true, 5
		d := p.Select(in)
		if d.Level != 5 || !strings.HasPrefix(d.Reason, "pinned 4300 kbps (auto would pick ") {
			t.Errorf("%s pinned: level %d reason %q", n, d.Level, d.Reason)
		}
		if d.Auto == 5 {
			t.Errorf("%s: auto %d should not follow the pin at 1.5 Mbit/s", n, d.Auto)
		}
	}
	if _, err := New("nope"); err == nil {
		t.Error("New(nope) = nil error")
	}
}

// withUpcoming gives the input n known upcoming chunks sized at bitrate × 4 s.
func withUpcoming(in Input, n int) Input {
	in.ChunksLeft = n
	for i := 0; i < n; i++ {
		row := make([]int64, len(in.Ladder))
		for q, l := range in.Ladder {
			row[q] = int64(l.Bitrate / 2)
		}
		in.Upcoming = append(in.Upcoming, row)
	}
	return in
}

// atTop makes the current level the top one.
func atTop(in Input) Input {
	in.Current = in.Ladder.Top()
	return in
}
