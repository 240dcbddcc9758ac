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

// timelineBuilder resolves c elements into runs as they are read, as MS-SSTR
// §3.1.5.1 says: a missing first t is 0, a missing t follows the previous fragment,
// a missing d reaches the next t, a last element without d ends at the
// presentation's end (end, when known; sparse streams write t only) and is invalid
// otherwise, and times never decrease. Where start-time coding gives a d that
// overlaps the next t, the explicit next t wins. No fragment may end past MaxSeconds
// in s's timescale: errors name s and the c element's line.
//
// It holds one run back (the next c may shorten it or give it its d), so what it
// keeps is the timeline's runs, already merged, and never the c elements: a
// manifest of millions of equal c costs a run, not millions of values.
type timelineBuilder struct {
	p   *parser
	s   *StreamIndex
	end uint64
	tl  Timeline
	// held is the last run read, not yet appended; line is its c element's line,
	// noD that its d waits for the next c's t.
	held      Run
	line      int
	noD, have bool
	n         int // c elements read
}

// add takes the next c element.
func (b *timelineBuilder) add(c rawChunk) error {
	if b.n >= maxChunkElements {
		return b.p.errAt(c.line, fmt.Errorf("StreamIndex %q has more than %d c elements", b.s.Name, maxChunkElements))
	}
	b.n++
	start := c.t
	if b.have {
		if b.noD {
			d, err := b.heldDuration(&c)
			if err != nil {
				return err
			}
			b.held.Duration = d
		}
		if !c.hasT {
			start = b.held.End()
		}
		prev := &b.held
		if start <= prev.Start {
			return b.p.errAt(c.line, fmt.Errorf("c t=%d does not come after t=%d: fragment times must increase", start, prev.Start))
		}
		if start < prev.End() {
			if prev.Count != 1 {
				return b.p.errAt(c.line, fmt.Errorf("c t=%d starts inside the previous run of %d fragments", start, prev.Count))
			}
			prev.Duration = start - prev.Start
		}
		if err := b.flush(); err != nil {
			return err
		}
	} else if !c.hasT {
		start = 0
	}
	b.held = Run{Start: start, Duration: c.d, Count: c.r, Number: c.n, HasNumber: c.hasN, Tracks: c.tracks}
	b.line, b.noD, b.have = c.line, !c.hasD, true
	return nil
}

// heldDuration is the d of the held run, whose c has none: up to next's t.
func (b *timelineBuilder) heldDuration(next *rawChunk) (uint64, error) {
	start := b.held.Start
	if !next.hasT {
		return 0, b.p.errAt(b.line, fmt.Errorf("c has no d and the next c has no t: its duration is unknown"))
	}
	if next.t <= start {
		return 0, b.p.errAt(next.line, fmt.Errorf("c t=%d does not come after t=%d: fragment times must increase", next.t, start))
	}
	span := next.t - start
	if r := b.held.Count; span%r != 0 {
		return 0, b.p.errAt(b.line, fmt.Errorf("c has no d and r=%d fragments do not divide the %d ticks up to the next t", r, span))
	}
	return span / b.held.Count, nil
}

// flush appends the held run to the timeline.
func (b *timelineBuilder) flush() error {
	r := b.held
	if err := b.tl.Append(r); err != nil {
		return b.p.errAt(b.line, fmt.Errorf("StreamIndex %q: %w", b.s.Name, err))
	}
	if e := b.tl.End(); !TimeFits(e, b.s.TimeScale) {
		return b.p.errAt(b.line, fmt.Errorf("StreamIndex %q: c t=%d d=%d r=%d ends at t=%d, %d s at TimeScale %d: later than %d s (292 years)",
			b.s.Name, r.Start, r.Duration, r.Count, e, e/b.s.TimeScale, b.s.TimeScale, MaxSeconds))
	}
	return nil
}

// finish resolves the last c element and returns the timeline.
func (b *timelineBuilder) finish() (Timeline, error) {
	if !b.have {
		return b.tl, nil
	}
	if b.noD {
		switch {
		case b.end > b.held.Start && b.held.Count == 1:
			b.held.Duration = b.end - b.held.Start
		case b.s.SparseKind() != "" && b.held.Count == 1:
			// A live sparse stream's newest cue (nothing after it, no Duration
			// yet): an instant, until the next refresh's next c says more.
			b.held.Duration = 1
		default:
			return Timeline{}, b.p.errAt(b.line, fmt.Errorf("last c element has no d: its duration is unknown"))
		}
	}
	if err := b.flush(); err != nil {
		return Timeline{}, err
	}
	return b.tl, nil
}
