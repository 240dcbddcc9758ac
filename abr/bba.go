package abr

import "fmt"

// BBA is the buffer-based baseline as Pensieve's test code runs it (BBA-0
// without hysteresis): below Reservoir seconds of buffer the lowest level,
// above Reservoir+Cushion the highest, linear in the level index between.
type BBA struct {
	Reservoir float64 // seconds (Pensieve: 5)
	Cushion   float64 // seconds (Pensieve: 10)
}

// Name implements Policy.
func (*BBA) Name() string { return "bba" }

// Select implements Policy.
func (b *BBA) Select(in Input) Decision {
	if d, ok := sanitize(&in); !ok {
		return d
	}
	buf := in.Buffer.Seconds()
	top := in.Ladder.Top()
	var lvl int
	switch {
	case buf < b.Reservoir:
		lvl = 0
	case buf >= b.Reservoir+b.Cushion:
		lvl = top
	default:
		lvl = int(float64(top) * (buf - b.Reservoir) / b.Cushion)
	}
	note := fmt.Sprintf("buffer %.1f s (reservoir %.0f s, cushion %.0f s)", buf, b.Reservoir, b.Cushion)
	return pinned(&in, Decision{
		Level:     lvl,
		Reason:    explain(in.Ladder, in.Current, lvl, note),
		Proposals: []Proposal{{Rule: "buffer", Level: lvl, Note: note}},
	})
}
