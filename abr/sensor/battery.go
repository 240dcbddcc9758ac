package sensor

import (
	"errors"

	"github.com/distatus/battery"
	"github.com/smoothie-player/smoothie/abr"
)

// Power reads the batteries. With no battery, or when nothing can be read,
// it returns the zero abr.Power (unknown).
func Power() abr.Power {
	return powerFrom(battery.GetAll())
}

// powerFrom folds the batteries into one state: the charge is Σ current /
// Σ full; the device is charging when any battery charges or sits full or
// idle on mains, discharging when any discharges and none charges.
// Batteries the library could only read in part are used when they have
// capacities; a fatal error means unknown.
func powerFrom(bats []*battery.Battery, err error) abr.Power {
	var fatal battery.ErrFatal
	if errors.As(err, &fatal) {
		return abr.Power{}
	}
	var partial battery.Errors
	errors.As(err, &partial)
	var cur, full float64
	var charging, discharging, seen bool
	for i, b := range bats {
		if b == nil || (i < len(partial) && partial[i] != nil && b.Full <= 0) {
			continue
		}
		if b.Full > 0 {
			cur += b.Current
			full += b.Full
			seen = true
		}
		switch b.State.Raw {
		case battery.Charging, battery.Full, battery.Idle:
			charging = true
		case battery.Discharging, battery.Empty:
			discharging = true
		}
	}
	if !seen || (!charging && !discharging) {
		return abr.Power{}
	}
	level := cur / full
	if level > 1 {
		level = 1
	}
	return abr.Power{Known: true, Charging: charging, Level: level}
}
