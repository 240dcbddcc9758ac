package ttml

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"time"
)

// WriteOptions say which cues Write puts in a document and how it times them.
type WriteOptions struct {
	// From and To, when To > From, keep only the cues that overlap [From, To)
	// and clip their times to it (a fragment's span).
	From, To time.Duration
	// Relative writes times counting from From (a Smooth Streaming sample);
	// otherwise they are the cues' own times. Either way no time is written
	// before From when To > From.
	Relative bool
	// Lang is the document's xml:lang; empty writes none.
	Lang string
}

// Write produces a TTML1 document holding the cues: one <p> per cue, a <span>
// with inline tts:* attributes per styled span, <br/> between lines and a region
// in <layout> per distinct Region. Parse, with Options{Relative: o.Relative,
// Offset: o.From}, reads it back to the same cues (clipped as asked), given cues
// whose text has its white space already collapsed as Parse and package subs
// produce it, and holds only characters XML can carry (others are written as
// U+FFFD).
func Write(cues []Cue, o WriteOptions) []byte {
	clip := o.To > o.From
	var kept []Cue
	for _, c := range cues {
		if clip {
			if c.End <= o.From || c.Begin >= o.To {
				continue
			}
			c.Begin, c.End = max(c.Begin, o.From), min(c.End, o.To)
		}
		if c.End <= c.Begin {
			continue
		}
		kept = append(kept, c)
	}
	var regions []*Region
	regionID := func(r *Region) string {
		for i, have := range regions {
			if sameRegion(have, r) {
				return "r" + strconv.Itoa(i+1)
			}
		}
		regions = append(regions, r)
		return "r" + strconv.Itoa(len(regions))
	}
	ids := make([]string, len(kept))
	for i, c := range kept {
		if c.Region != nil {
			ids[i] = regionID(c.Region)
		}
	}

	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling"`)
	if o.Lang != "" {
		b.WriteString(` xml:lang="`)
		attrEscape(&b, o.Lang)
		b.WriteString(`"`)
	}
	b.WriteString(">\n")
	if len(regions) > 0 {
		b.WriteString("<head><layout>\n")
		for i, r := range regions {
			fmt.Fprintf(&b, `<region xml:id="r%d" tts:origin="%s %s" tts:extent="%s %s" tts:displayAlign="`,
				i+1, percent(r.OriginX), percent(r.OriginY), percent(r.ExtentX), percent(r.ExtentY))
			attrEscape(&b, orDefault(r.DisplayAlign, "before"))
			b.WriteString(`" tts:textAlign="`)
			attrEscape(&b, orDefault(r.TextAlign, "start"))
			b.WriteString("\"/>\n")
		}
		b.WriteString("</layout></head>\n")
	}
	b.WriteString("<body><div>\n")
	base := time.Duration(0)
	if o.Relative {
		base = o.From
	}
	for i, c := range kept {
		fmt.Fprintf(&b, `<p begin="%s" end="%s"`, formatClock(c.Begin-base), formatClock(c.End-base))
		if ids[i] != "" {
			fmt.Fprintf(&b, ` region="%s"`, ids[i])
		}
		b.WriteString(">")
		for j, l := range c.Lines {
			if j > 0 {
				b.WriteString("<br/>")
			}
			for _, s := range l {
				writeSpan(&b, s)
			}
		}
		b.WriteString("</p>\n")
	}
	b.WriteString("</div></body>\n</tt>\n")
	return b.Bytes()
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func percent(f float64) string { return strconv.FormatFloat(f*100, 'f', -1, 64) + "%" }

func attrEscape(b *bytes.Buffer, s string) { _ = xml.EscapeText(b, []byte(s)) }

func hexColor(c Color) string {
	r, g, bl, a := straight(c.RGBA)
	return fmt.Sprintf("#%02x%02x%02x%02x", r, g, bl, a)
}

func writeSpan(b *bytes.Buffer, s Span) {
	styled := s.Italic || s.Bold || s.Underline || s.Color.OK || s.BackgroundColor.OK
	if !styled {
		attrEscape(b, s.Text)
		return
	}
	b.WriteString("<span")
	if s.Italic {
		b.WriteString(` tts:fontStyle="italic"`)
	}
	if s.Bold {
		b.WriteString(` tts:fontWeight="bold"`)
	}
	if s.Underline {
		b.WriteString(` tts:textDecoration="underline"`)
	}
	if s.Color.OK {
		fmt.Fprintf(b, ` tts:color="%s"`, hexColor(s.Color))
	}
	if s.BackgroundColor.OK {
		fmt.Fprintf(b, ` tts:backgroundColor="%s"`, hexColor(s.BackgroundColor))
	}
	b.WriteString(">")
	attrEscape(b, s.Text)
	b.WriteString("</span>")
}
