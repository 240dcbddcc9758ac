package sensor

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/distatus/battery"
	"github.com/smoothie-player/smoothie/abr"
)

func bat(state battery.AgnosticState, cur, full float64) *battery.Battery {
	return &battery.Battery{State: battery.State{Raw: state}, Current: cur, Full: full}
}

func TestPowerFrom(t *testing.T) {
	tests := []struct {
		name string
		bats []*battery.Battery
		err  error
		want abr.Power
	}{
		{"no battery", nil, battery.ErrFatal{Err: battery.ErrNotFound}, abr.Power{}},
		{"discharging", []*battery.Battery{bat(battery.Discharging, 15, 100)}, nil, abr.Power{Known: true, Level: 0.15}},
		{"charging", []*battery.Battery{bat(battery.Charging, 80, 100)}, nil, abr.Power{Known: true, Charging: true, Level: 0.8}},
		{"full on mains", []*battery.Battery{bat(battery.Full, 100, 100)}, nil, abr.Power{Known: true, Charging: true, Level: 1}},
		{"two batteries, one charging", []*battery.Battery{bat(battery.Discharging, 10, 50), bat(battery.Charging, 40, 50)}, nil,
			abr.Power{Known: true, Charging: true, Level: 0.5}},
		{"state unknown", []*battery.Battery{bat(battery.Unknown, 50, 100)}, nil, abr.Power{}},
		{"partial read without capacity", []*battery.Battery{bat(battery.Discharging, 0, 0)},
			battery.Errors{battery.ErrPartial{Full: errors.New("no full")}}, abr.Power{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := powerFrom(tc.bats, tc.err); got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestReadingsNeverFail(t *testing.T) {
	_ = Power() // whatever the machine has: must not panic
	c, err := NewCPU()
	if err != nil {
		t.Fatalf("reading CPU times (gopsutil, /proc): %v", err)
	}
	sys, self := c.Load(context.Background(), 50*time.Millisecond)
	if sys > 1 || self > 1 || sys < -1 || self < -1 {
		t.Errorf("load out of range: system %v self %v", sys, self)
	}
}

func TestParseCPUBudget(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		err  bool
	}{{"85%", 0.85, false}, {"0.5", 0.5, false}, {"1", 1, false}, {"0", 0, true}, {"150%", 0, true}, {"x", 0, true}} {
		got, err := ParseCPUBudget(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("ParseCPUBudget(%q) = %v, %v", tc.in, got, err)
		}
	}
}
