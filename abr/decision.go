package abr

import (
	"strconv"
	"strings"
)

// Proposal is what one rule asked for.
type Proposal struct {
	Rule  string // "throughput", "buffer", "cpu", "battery", "pin", ...
	Level int    // the level the rule proposes (or caps at)
	Note  string // why, for people
}

// Decision is a policy's answer for the next fragment.
type Decision struct {
	Level     int        // ladder index to fetch next
	Auto      int        // what the automatic rules chose (differs from Level when pinned)
	Reason    string     // one line for people
	Proposals []Proposal // what each rule proposed, in evaluation order
	// Throughput is the bandwidth estimate the decision was made with (bits/s;
	// 0 when the policy used none): the meter's figure for a Forecaster.
	Throughput float64
}

// explain builds the reason line: an arrow and the bitrates for a switch, then
// the notes that mattered.
func explain(l Ladder, from, to int, notes ...string) string {
	var b strings.Builder
	b.Grow(96)
	switch {
	case from < 0:
		b.WriteString("start ")
	case to > from:
		b.WriteString("↑ " + l.Kbps(from) + "→")
	case to < from:
		b.WriteString("↓ " + l.Kbps(from) + "→")
	default:
		b.WriteString("= ")
	}
	b.WriteString(l.Kbps(to))
	b.WriteString(" kbps")
	sep := ": "
	for _, n := range notes {
		if n == "" {
			continue
		}
		b.WriteString(sep)
		b.WriteString(n)
		sep = "; "
	}
	return b.String()
}

// mbps formats bits/s as "1.7 Mbps", with two significant digits, and whole
// numbers from 100 Mbps on ("810 Mbps", never "8.1e+02 Mbps").
func mbps(bps float64) string {
	var buf [24]byte
	v := bps / 1e6
	if v >= 99.5 {
		return string(append(strconv.AppendFloat(buf[:0], v, 'f', 0, 64), " Mbps"...))
	}
	return string(append(strconv.AppendFloat(buf[:0], v, 'g', 2, 64), " Mbps"...))
}

// secs formats seconds with one decimal, e.g. "6.1".
func secs(s float64) string {
	var buf [24]byte
	return string(strconv.AppendFloat(buf[:0], s, 'f', 1, 64))
}
