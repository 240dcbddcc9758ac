package smooth

import (
	"encoding/xml"
	"fmt"
)

// rawChunk is a <c> element as written, before the timeline is resolved.
type rawChunk struct {
	line       int
	t, d, r    uint64
	hasT, hasD bool
	n          uint32
	hasN       bool
	tracks     []TrackFragment
}

func (p *parser) chunk(se xml.StartElement) (rawChunk, error) {
	line := p.line()
	a := newAttrs(se)
	c := rawChunk{line: line}
	c.t, c.hasT = a.u64("t", 0)
	c.d, c.hasD = a.u64("d", 0)
	c.r, _ = a.u64("r", 1)
	if n, ok := a.u64("n", 0); ok {
		if n > 1<<32-1 {
			a.fail("n %d: out of range for a 32-bit fragment number", n)
		}
		c.n, c.hasN = uint32(n), true
	}
	if a.err != nil {
		return c, p.errAt(line, a.err)
	}
	if c.r == 0 {
		return c, p.errAt(line, fmt.Errorf("c r=\"0\": a run counts at least one fragment"))
	}
	if !c.hasT && !c.hasD {
		return c, p.errAt(line, fmt.Errorf("c has neither t nor d"))
	}
	err := p.children("c", func(t xml.StartElement) error {
		if t.Name.Local != "f" {
			return p.skip()
		}
		fa := newAttrs(t)
		f := TrackFragment{Index: fa.intAttr("i", 0)}
		if fa.err != nil {
			return p.errAt(p.line(), fa.err)
		}
		for _, x := range fa.extra() {
			f.Extra = append(f.Extra, Attr{Name: x.Name.Local, Value: x.Value})
		}
		txt, err := p.text()
		if err != nil {
			return err
		}
		f.Content = txt
		c.tracks = append(c.tracks, f)
		return nil
	})
	return c, err
}

// timeline resolves c elements into runs as MS-SSTR §3.1.5.1 says: a missing first t
// is 0, a missing t follows the previous fragment, a missing d reaches the next t, a
// last element without d ends at the presentation's end (end, when known; sparse
// streams write t only) and is invalid otherwise, and times never decrease. Where start-time coding
// gives a d that overlaps the next t, the explicit next t wins. No fragment may end past
// MaxSeconds in s's timescale: errors name s and the c element's line.
func (p *parser) timeline(cs []rawChunk, end uint64, s *StreamIndex) (Timeline, error) {
	var tl Timeline
	if len(cs) == 0 {
		return tl, nil
	}
	runs := make([]Run, 0, len(cs))
	for i, c := range cs {
		start := c.t
		if !c.hasT {
			start = 0
			if i > 0 {
				start = runs[i-1].End()
			}
		}
		d := c.d
		if !c.hasD {
			var err error
			d, err = p.missingDuration(cs, i, start, end)
			if err != nil {
				return tl, err
			}
		}
		if i > 0 {
			prev := &runs[i-1]
			if start <= prev.Start {
				return tl, p.errAt(c.line, fmt.Errorf("c t=%d does not come after t=%d: fragment times must increase", start, prev.Start))
			}
			if start < prev.End() {
				if prev.Count != 1 {
					return tl, p.errAt(c.line, fmt.Errorf("c t=%d starts inside the previous run of %d fragments", start, prev.Count))
				}
				prev.Duration = start - prev.Start
			}
		}
		runs = append(runs, Run{Start: start, Duration: d, Count: c.r, Number: c.n, HasNumber: c.hasN, Tracks: c.tracks})
	}
	for i, r := range runs {
		if err := tl.Append(r); err != nil {
			return Timeline{}, p.errAt(cs[i].line, fmt.Errorf("StreamIndex %q: %w", s.Name, err))
		}
		if e := tl.End(); !TimeFits(e, s.TimeScale) {
			return Timeline{}, p.errAt(cs[i].line, fmt.Errorf("StreamIndex %q: c t=%d d=%d r=%d ends at t=%d, %d s at TimeScale %d: later than %d s (292 years)",
				s.Name, r.Start, r.Duration, r.Count, e, e/s.TimeScale, s.TimeScale, MaxSeconds))
		}
	}
	return tl, nil
}

// missingDuration is the d of cs[i], which has none: up to the next t, or for the last
// element up to end.
func (p *parser) missingDuration(cs []rawChunk, i int, start, end uint64) (uint64, error) {
	c := cs[i]
	if i+1 >= len(cs) {
		if end <= start || c.r != 1 {
			return 0, p.errAt(c.line, fmt.Errorf("last c element has no d: its duration is unknown"))
		}
		return end - start, nil
	}
	next := cs[i+1]
	if !next.hasT {
		return 0, p.errAt(c.line, fmt.Errorf("c has no d and the next c has no t: its duration is unknown"))
	}
	if next.t <= start {
		return 0, p.errAt(next.line, fmt.Errorf("c t=%d does not come after t=%d: fragment times must increase", next.t, start))
	}
	span := next.t - start
	if span%c.r != 0 {
		return 0, p.errAt(c.line, fmt.Errorf("c has no d and r=%d fragments do not divide the %d ticks up to the next t", c.r, span))
	}
	return span / c.r, nil
}
