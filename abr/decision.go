package abr

import (
	"fmt"
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
}

// explain builds the reason line: an arrow and the bitrates for a switch, then
// the notes that mattered.
func explain(l Ladder, from, to int, notes ...string) string {
	var b strings.Builder
	switch {
	case from < 0:
		fmt.Fprintf(&b, "start %s kbps", l.Kbps(to))
	case to > from:
		fmt.Fprintf(&b, "↑ %s→%s kbps", l.Kbps(from), l.Kbps(to))
	case to < from:
		fmt.Fprintf(&b, "↓ %s→%s kbps", l.Kbps(from), l.Kbps(to))
	default:
		fmt.Fprintf(&b, "= %s kbps", l.Kbps(to))
	}
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

// mbps formats bits/s as "1.7 Mbps".
func mbps(bps float64) string { return fmt.Sprintf("%.2g Mbps", bps/1e6) }
