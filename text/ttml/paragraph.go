package ttml

import (
	"sort"
	"strings"
	"time"
)

// piece is a run of text or a line break inside a paragraph, with the interval
// in which it is shown and its computed style.
type piece struct {
	text     string
	br       bool
	style    styleSet
	b, e     time.Duration
	open     bool // e is indefinite
	preserve bool
}

// maxSegmentWork bounds the work of splitting one paragraph by its spans' times:
// intervals × (pieces + bytes of text).
const maxSegmentWork = 50_000_000

// paragraph turns one <p> into cues: one per interval in which the visible text
// (spans with their own times) stays the same.
func (p *parser) paragraph(n *node, parent ctx) error {
	b, e, open, err := p.interval(n, parent.begin, parent)
	if err != nil {
		return err
	}
	region := parent.region
	if r, ok := n.attr("region"); ok {
		region = strings.TrimSpace(r)
	}
	def := p.regions[region]
	var style styleSet
	if def != nil {
		style = def.style
	}
	for _, s := range parent.styles {
		style = merge(style, s)
	}
	style = merge(style, p.specified(n))
	c := ctx{begin: b, end: e, open: open, preserve: xmlSpacePreserve(n, parent.preserve)}
	var pieces []piece
	if err := p.inline(n, c, style, &pieces); err != nil {
		return err
	}
	hasText := false
	for _, pc := range pieces {
		if !pc.br && strings.TrimSpace(pc.text) != "" {
			hasText = true
			break
		}
	}
	if !hasText {
		return nil
	}
	p.content = true
	switch {
	case open && p.opt.OpenEnd > 0:
		e, open = p.opt.OpenEnd, false
		for i := range pieces {
			if pieces[i].open || pieces[i].e > e {
				pieces[i].e, pieces[i].open = e, false
			}
		}
	case open:
		p.noCue(errAt(n.line, "<p> has no end: no end or dur on it or any parent"))
		return nil
	}
	if e <= b {
		p.noCue(errAt(n.line, "<p> is never shown: begins at %v, ends at %v", b, e))
		return nil
	}
	reg := cueRegion(def, style["textAlign"])

	// Split [b, e) at every time a piece starts or stops.
	cuts := []time.Duration{b, e}
	for _, pc := range pieces {
		for _, t := range []time.Duration{pc.b, pc.e} {
			if t > b && t < e {
				cuts = append(cuts, t)
			}
		}
	}
	sort.Slice(cuts, func(i, j int) bool { return cuts[i] < cuts[j] })
	work := len(pieces)
	for _, pc := range pieces {
		work += len(pc.text)
	}
	if len(cuts) > 2 && len(cuts)*work > maxSegmentWork {
		return errAt(n.line, "<p>: %d timed spans: too many to lay out", len(pieces))
	}
	first := len(p.cues)
	for i := 0; i+1 < len(cuts); i++ {
		t0, t1 := cuts[i], cuts[i+1]
		if t1 <= t0 {
			continue
		}
		lines := layout(pieces, t0, t1)
		if len(lines) == 0 {
			continue
		}
		cue := Cue{Begin: t0, End: t1, Lines: lines, Region: reg}
		if p.opt.Relative {
			cue.Begin += p.opt.Offset
			cue.End += p.opt.Offset
		}
		if k := len(p.cues); k > first && p.cues[k-1].End == cue.Begin && SameContent(p.cues[k-1], cue) {
			p.cues[k-1].End = cue.End
			continue
		}
		if len(p.cues) >= MaxCues {
			return errAt(n.line, "%w (limit %d)", ErrTooManyCues, MaxCues)
		}
		p.cues = append(p.cues, cue)
	}
	return nil
}

// cueRegion is the region of a cue: the layout's region with the paragraph's
// text alignment; without one, nil (bottom centre) unless the paragraph asks for
// another alignment.
func cueRegion(def *regionDef, textAlign string) *Region {
	switch textAlign {
	case "left", "center", "right", "start", "end", "justify":
	default:
		textAlign = ""
	}
	if textAlign == "justify" {
		textAlign = "start"
	}
	if def == nil {
		if textAlign == "" || textAlign == "center" {
			return nil
		}
		return &Region{ExtentX: 1, ExtentY: 1, DisplayAlign: "after", TextAlign: textAlign}
	}
	r := def.region
	if textAlign == "" {
		textAlign = "start"
	}
	r.TextAlign = textAlign
	return &r
}

// inline collects the pieces of a paragraph or span.
func (p *parser) inline(n *node, c ctx, style styleSet, out *[]piece) error {
	seq := isSeq(n)
	cursor := c.begin
	for _, ch := range n.children {
		switch {
		case ch.name == "":
			*out = append(*out, piece{text: ch.text, style: style, b: c.begin, e: c.end, open: c.open, preserve: c.preserve})
		case ch.is("br"):
			*out = append(*out, piece{br: true, b: c.begin, e: c.end, open: c.open})
		case ch.is("span"):
			base := c.begin
			if seq {
				base = cursor
			}
			b, e, open, err := p.interval(ch, base, c)
			if err != nil {
				return err
			}
			sc := ctx{begin: b, end: e, open: open, preserve: xmlSpacePreserve(ch, c.preserve)}
			if err := p.inline(ch, sc, merge(style, p.specified(ch)), out); err != nil {
				return err
			}
			if seq {
				if open {
					return nil
				}
				cursor = e
			}
		}
		if len(*out) > MaxCues*10 {
			return errAt(ch.line, "<%s>: more than %d runs of text and line breaks in one <p>", n.name, MaxCues*10)
		}
	}
	return nil
}

// layout builds the lines shown in [t0, t1) from the pieces active then,
// collapsing white space as TTML's xml:space="default" does.
func layout(pieces []piece, t0, t1 time.Duration) []Line {
	type run struct {
		span     Span
		preserve bool
	}
	var lines [][]run
	var cur []run
	for _, pc := range pieces {
		if pc.b > t0 || pc.e < t1 {
			continue
		}
		if pc.br {
			lines = append(lines, cur)
			cur = nil
			continue
		}
		sp := spanStyle(pc.style)
		if pc.preserve {
			parts := strings.Split(strings.ReplaceAll(pc.text, "\r\n", "\n"), "\n")
			for i, part := range parts {
				if i > 0 {
					lines = append(lines, cur)
					cur = nil
				}
				sp.Text = part
				cur = append(cur, run{sp, true})
			}
			continue
		}
		sp.Text = pc.text
		cur = append(cur, run{sp, false})
	}
	lines = append(lines, cur)

	var out []Line
	for _, l := range lines {
		// Collapse runs of white space, drop it at the line's start and end.
		lastSpace := true
		for i := range l {
			if l[i].preserve {
				lastSpace = strings.HasSuffix(l[i].span.Text, " ")
				continue
			}
			var b strings.Builder
			for _, r := range l[i].span.Text {
				if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
					if !lastSpace {
						b.WriteByte(' ')
						lastSpace = true
					}
					continue
				}
				b.WriteRune(r)
				lastSpace = false
			}
			l[i].span.Text = b.String()
		}
		for i := len(l) - 1; i >= 0; i-- {
			if l[i].preserve {
				break
			}
			l[i].span.Text = strings.TrimRight(l[i].span.Text, " ")
			if l[i].span.Text != "" {
				break
			}
		}
		spans := make([]Span, 0, len(l))
		for _, r := range l {
			spans = append(spans, r.span)
		}
		out = append(out, MergeSpans(spans))
	}
	// Drop empty lines at the start and the end.
	for len(out) > 0 && len(out[0]) == 0 {
		out = out[1:]
	}
	for len(out) > 0 && len(out[len(out)-1]) == 0 {
		out = out[:len(out)-1]
	}
	return out
}

func sameStyle(a, b Span) bool {
	a.Text, b.Text = "", ""
	return a == b
}

// spanStyle turns computed style properties into a span's styling; values it
// does not understand are ignored.
func spanStyle(s styleSet) Span {
	var sp Span
	switch s["fontStyle"] {
	case "italic", "oblique":
		sp.Italic = true
	}
	sp.Bold = s["fontWeight"] == "bold"
	for _, f := range strings.Fields(s["textDecoration"]) {
		switch f {
		case "underline":
			sp.Underline = true
		case "noUnderline", "none":
			sp.Underline = false
		}
	}
	if v, ok := s["color"]; ok {
		if c, err := parseColor(v); err == nil {
			sp.Color = Color{c, true}
		}
	}
	if v, ok := s["backgroundColor"]; ok {
		if c, err := parseColor(v); err == nil {
			sp.BackgroundColor = Color{c, true}
		}
	}
	return sp
}

// MergeSpans drops empty spans and joins neighbours of one style, in time linear
// in the text (the subtitle readers build their lines with it too).
func MergeSpans(spans []Span) Line {
	var line Line
	for i := 0; i < len(spans); {
		if spans[i].Text == "" {
			i++
			continue
		}
		j := i + 1
		for j < len(spans) && (spans[j].Text == "" || sameStyle(spans[i], spans[j])) {
			j++
		}
		sp := spans[i]
		if j > i+1 {
			var b strings.Builder
			for _, s := range spans[i:j] {
				b.WriteString(s.Text)
			}
			sp.Text = b.String()
		}
		line = append(line, sp)
		i = j
	}
	return line
}
