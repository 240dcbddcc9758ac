package ttml

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Options say how to read a document's times.
type Options struct {
	// Relative says the document's times count from Offset, as in a Smooth
	// Streaming text sample (Offset = the fragment's start time); otherwise they
	// are presentation times and Offset is not used.
	Relative bool
	Offset   time.Duration
	// OpenEnd, when positive, is the end (in the document's own time) of cues that
	// the document leaves open: no end or dur on them or any parent, e.g. the
	// sample's duration. When zero such cues are dropped.
	OpenEnd time.Duration
}

type regionDef struct {
	style  styleSet
	region Region
}

type parser struct {
	opt       Options
	tm        timing
	fr        frame
	styleEls  map[string]*node
	resolved  map[string]styleSet
	resolving map[string]bool
	regions   map[string]*regionDef
	cues      []Cue
	// content: the body has text in it; reason: why some text made no cue.
	content bool
	reason  error
}

// ctx is what an element inherits from its parents.
type ctx struct {
	begin, end time.Duration
	open       bool       // end is indefinite
	styles     []styleSet // specified styles of the ancestors, outermost first
	region     string
	preserve   bool
}

// Parse reads a TTML or DFXP document into cues sorted by begin time. A document
// with an empty body (or none) has no cues and no error; a body with text that
// makes no cue is an error wrapping ErrNoCue that says why. Errors are one line,
// *Error, with the line in the document.
func Parse(doc []byte, opt Options) ([]Cue, error) {
	root, err := readTree(doc)
	if err != nil {
		return nil, err
	}
	p := &parser{opt: opt, styleEls: map[string]*node{}, resolved: map[string]styleSet{},
		resolving: map[string]bool{}, regions: map[string]*regionDef{}}
	if p.tm, err = readTiming(root); err != nil {
		return nil, err
	}
	if p.fr, err = readFrame(root); err != nil {
		return nil, err
	}
	if head := root.child("head"); head != nil {
		if err := p.readHead(head); err != nil {
			return nil, err
		}
	}
	body := root.child("body")
	if body == nil {
		return nil, nil
	}
	c := ctx{open: true, preserve: xmlSpacePreserve(root, false)}
	if err := p.container(body, c, true); err != nil {
		return nil, err
	}
	if len(p.cues) == 0 && p.content {
		reason := p.reason
		if reason == nil {
			reason = errAt(body.line, "no <p> holds text")
		}
		var e *Error
		if errors.As(reason, &e) {
			return nil, &Error{Line: e.Line, Err: fmt.Errorf("%w: %v", ErrNoCue, e.Err)}
		}
		return nil, &Error{Err: fmt.Errorf("%w: %v", ErrNoCue, reason)}
	}
	sort.SliceStable(p.cues, func(i, j int) bool { return p.cues[i].Begin < p.cues[j].Begin })
	return p.cues, nil
}

func xmlSpacePreserve(n *node, inherited bool) bool {
	if v, ok := n.xmlAttr("space"); ok {
		return strings.TrimSpace(v) == "preserve"
	}
	return inherited
}

// readHead collects styles (from <styling>) and regions (from <layout>).
func (p *parser) readHead(head *node) error {
	for _, sec := range head.children {
		if !sec.is("styling") {
			continue
		}
		for _, s := range sec.children {
			if s.is("style") {
				if id, ok := s.xmlAttr("id"); ok {
					p.styleEls[strings.TrimSpace(id)] = s
				}
			}
		}
	}
	for _, sec := range head.children {
		if !sec.is("layout") {
			continue
		}
		for _, r := range sec.children {
			if !r.is("region") {
				continue
			}
			id, ok := r.xmlAttr("id")
			if !ok {
				continue
			}
			st := p.specified(r)
			for _, s := range r.children {
				if s.is("style") {
					st = merge(st, p.specified(s))
				}
			}
			st = merge(st, inlineStyle(r))
			def := &regionDef{style: st, region: Region{ExtentX: 1, ExtentY: 1, DisplayAlign: "before"}}
			if v, ok := st["origin"]; ok && v != "auto" {
				if x, y, err := p.fr.parseLengths(v); err == nil {
					def.region.OriginX, def.region.OriginY = x, y
				}
			}
			if v, ok := st["extent"]; ok && v != "auto" {
				if x, y, err := p.fr.parseLengths(v); err == nil {
					def.region.ExtentX, def.region.ExtentY = x, y
				}
			}
			switch v := st["displayAlign"]; v {
			case "before", "center", "after":
				def.region.DisplayAlign = v
			}
			p.regions[strings.TrimSpace(id)] = def
		}
	}
	return nil
}

// refStyle is the style a style="id" reference names, with its own references
// resolved; unknown ids and cycles give nothing.
func (p *parser) refStyle(id string) styleSet {
	if s, ok := p.resolved[id]; ok {
		return s
	}
	el, ok := p.styleEls[id]
	if !ok || p.resolving[id] {
		return nil
	}
	p.resolving[id] = true
	s := merge(p.specified(el), nil)
	delete(p.resolving, id)
	p.resolved[id] = s
	return s
}

// specified is an element's own styles: referenced styles in order, then its
// inline tts:* attributes.
func (p *parser) specified(n *node) styleSet {
	var s styleSet
	if refs, ok := n.attr("style"); ok {
		for _, id := range strings.Fields(refs) {
			s = merge(s, p.refStyle(id))
		}
	}
	if in := inlineStyle(n); in != nil {
		s = merge(s, in)
	}
	return s
}

// interval resolves an element's begin and end against its time base (the
// parent's begin, or the previous sibling's end in a seq container) and clips it
// to the parent's end.
func (p *parser) interval(n *node, base time.Duration, parent ctx) (b, e time.Duration, open bool, err error) {
	at := func(name string) (time.Duration, bool, error) {
		v, ok := n.attr(name)
		if !ok {
			return 0, false, nil
		}
		t, err := p.tm.parseTime(v)
		if err != nil {
			return 0, false, errAt(n.line, "<%s> %s %q: %v", n.name, name, v, err)
		}
		return t, true, nil
	}
	begin, _, err := at("begin")
	if err != nil {
		return 0, 0, false, err
	}
	b = base + begin
	open = true
	if end, ok, err := at("end"); err != nil {
		return 0, 0, false, err
	} else if ok {
		e, open = base+end, false
	}
	if dur, ok, err := at("dur"); err != nil {
		return 0, 0, false, err
	} else if ok && (open || b+dur < e) {
		e, open = b+dur, false
	}
	if b > maxTime || e > maxTime {
		return 0, 0, false, errAt(n.line, "<%s>: time beyond %v", n.name, maxTime)
	}
	if open {
		e, open = parent.end, parent.open
	} else if !parent.open && e > parent.end {
		e = parent.end
	}
	return b, e, open, nil
}

// container walks body or div: its timing, styles and region pass down to the
// divs and paragraphs inside.
func (p *parser) container(n *node, parent ctx, isBody bool) error {
	base := parent.begin
	if isBody {
		base = 0
	}
	b, e, open, err := p.interval(n, base, parent)
	if err != nil {
		return err
	}
	c := ctx{begin: b, end: e, open: open, region: parent.region, preserve: xmlSpacePreserve(n, parent.preserve)}
	c.styles = append(append([]styleSet(nil), parent.styles...), p.specified(n))
	if r, ok := n.attr("region"); ok {
		c.region = strings.TrimSpace(r)
	}
	seq := isSeq(n)
	cursor := b
	for _, ch := range n.children {
		if ch.name == "" {
			if strings.TrimSpace(ch.text) != "" {
				p.content = true
				p.noCue(errAt(ch.line, "text outside <p> in <%s>", n.name))
			}
			continue
		}
		if !ch.is("div") && !ch.is("p") {
			continue
		}
		if seq {
			c.begin = cursor
		}
		var chEnd time.Duration
		var chOpen bool
		if ch.is("div") {
			err = p.container(ch, c, false)
			_, chEnd, chOpen, _ = p.interval(ch, c.begin, c)
		} else {
			err = p.paragraph(ch, c)
			_, chEnd, chOpen, _ = p.interval(ch, c.begin, c)
		}
		if err != nil {
			return err
		}
		if seq {
			if chOpen {
				break // an open child never ends: the rest of the sequence never starts
			}
			cursor = chEnd
		}
	}
	return nil
}

func isSeq(n *node) bool {
	v, _ := n.attr("timeContainer")
	return strings.TrimSpace(v) == "seq"
}

func (p *parser) noCue(err error) {
	if p.reason == nil {
		p.reason = err
	}
}
