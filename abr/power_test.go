package abr

import "testing"

func TestParsePower(t *testing.T) {
	for _, tc := range []struct {
		spec string
		want Power
		err  bool
	}{
		{"", Power{}, false},
		{"unknown", Power{}, false},
		{"charging:80%", Power{Known: true, Charging: true, Level: 0.8}, false},
		{"discharging:15%", Power{Known: true, Level: 0.15}, false},
		{"saver", Power{Known: true, Level: 1, Saver: true}, false},
		{"discharging:30%,saver", Power{Known: true, Level: 0.3, Saver: true}, false},
		{"discharging:150%", Power{}, true},
		{"half", Power{}, true},
	} {
		got, err := ParsePower(tc.spec)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("ParsePower(%q) = %+v, %v; want %+v, err %v", tc.spec, got, err, tc.want, tc.err)
		}
	}
}

func TestPowerStringRoundTrip(t *testing.T) {
	for _, p := range []Power{{}, {Known: true, Charging: true, Level: 0.8}, {Known: true, Level: 0.15, Saver: true}} {
		got, err := ParsePower(p.String())
		if err != nil || got != p {
			t.Errorf("ParsePower(%q) = %+v, %v; want %+v", p.String(), got, err, p)
		}
	}
}
