package abr

import (
	"fmt"
	"strconv"
	"strings"
)

// ParsePower reads a power-state override as people write it on the
// command line: "charging:80%", "discharging:15%", "saver",
// "discharging:30%,saver", "ac" (mains, no battery) or "unknown".
func ParsePower(spec string) (Power, error) {
	var p Power
	s := strings.ToLower(strings.TrimSpace(spec))
	if s == "" || s == "unknown" {
		return p, nil
	}
	p.Known = true
	p.Level = 1
	for _, part := range strings.Split(s, ",") {
		state, level, hasLevel := strings.Cut(strings.TrimSpace(part), ":")
		switch state {
		case "charging", "ac", "mains", "full":
			p.Charging = true
		case "discharging", "battery":
			p.Charging = false
		case "saver", "powersaver", "low-power":
			p.Saver = true
		default:
			return Power{}, fmt.Errorf("battery %q: unknown state %q (want charging, discharging, saver or unknown)", spec, state)
		}
		if hasLevel {
			v, err := strconv.ParseFloat(strings.TrimSuffix(level, "%"), 64)
			if err != nil || v < 0 || v > 100 {
				return Power{}, fmt.Errorf("battery %q: level %q: want a percentage 0–100", spec, level)
			}
			p.Level = v / 100
		}
	}
	return p, nil
}

// String formats a power state the way ParsePower reads it.
func (p Power) String() string {
	if !p.Known {
		return "unknown"
	}
	s := "discharging"
	if p.Charging {
		s = "charging"
	}
	s += fmt.Sprintf(":%.0f%%", 100*p.Level)
	if p.Saver {
		s += ",saver"
	}
	return s
}
