package subs

import (
	"html"
	"image/color"
	"strings"

	"github.com/smoothie-player/smoothie/text/ttml"
)

// style is the state of the formatting tags open at a point of a cue's text.
type style struct {
	italic, bold, underline int
	colors                  []ttml.Color
}

func (s *style) span(text string) ttml.Span {
	sp := ttml.Span{Text: text, Italic: s.italic > 0, Bold: s.bold > 0, Underline: s.underline > 0}
	if n := len(s.colors); n > 0 {
		sp.Color = s.colors[n-1]
	}
	return sp
}

// markup turns a cue's text lines into styled lines. Tags <i>, <b>, <u> (and in
// SRT <font color="...">) style the text, other tags are dropped with their
// content kept; in WebVTT character references are decoded. White space is
// collapsed and trimmed; empty lines are dropped.
func markup(lines []string, vtt bool) []ttml.Line {
	var st style
	var out []ttml.Line
	for _, raw := range lines {
		var line ttml.Line
		add := func(text string) {
			if text == "" {
				return
			}
			if vtt {
				text = html.UnescapeString(text)
			}
			line = append(line, st.span(text))
		}
		s := raw
		if !vtt {
			s = stripASS(s)
		}
		for s != "" {
			i := strings.IndexByte(s, '<')
			if i < 0 {
				add(s)
				break
			}
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				add(s)
				break
			}
			add(s[:i])
			st.tag(s[i+1 : i+j])
			s = s[i+j+1:]
		}
		if l := tidy(line); len(l) > 0 {
			out = append(out, l)
		}
	}
	return out
}

// tag applies one tag's effect (the text between < and >).
func (st *style) tag(t string) {
	closing := strings.HasPrefix(t, "/")
	t = strings.TrimPrefix(t, "/")
	name := t
	if k := strings.IndexAny(t, ". \t"); k >= 0 {
		name = t[:k]
	}
	name = strings.ToLower(name)
	dec := func(n *int) {
		if *n > 0 {
			*n--
		}
	}
	switch name {
	case "i":
		if closing {
			dec(&st.italic)
		} else {
			st.italic++
		}
	case "b":
		if closing {
			dec(&st.bold)
		} else {
			st.bold++
		}
	case "u":
		if closing {
			dec(&st.underline)
		} else {
			st.underline++
		}
	case "font":
		if closing {
			if n := len(st.colors); n > 0 {
				st.colors = st.colors[:n-1]
			}
			return
		}
		c, ok := fontColor(t)
		st.colors = append(st.colors, ttml.Color{RGBA: c, OK: ok})
	}
}

// fontColor reads color="#rrggbb" (or a basic colour name) from a <font> tag.
func fontColor(t string) (color.RGBA, bool) {
	low := strings.ToLower(t)
	i := strings.Index(low, "color")
	if i < 0 {
		return color.RGBA{}, false
	}
	v := strings.TrimSpace(t[i+len("color"):])
	if !strings.HasPrefix(v, "=") {
		return color.RGBA{}, false
	}
	v = strings.Trim(strings.TrimSpace(v[1:]), `"'`)
	if k := strings.IndexAny(v, ` "'`); k >= 0 {
		v = v[:k]
	}
	if len(v) == 6 && !strings.HasPrefix(v, "#") {
		v = "#" + v
	}
	if len(v) == 7 && v[0] == '#' {
		var rgb [3]uint8
		for k := 0; k < 3; k++ {
			hi, ok1 := hexDigit(v[1+2*k])
			lo, ok2 := hexDigit(v[2+2*k])
			if !ok1 || !ok2 {
				return color.RGBA{}, false
			}
			rgb[k] = hi<<4 | lo
		}
		return color.RGBA{rgb[0], rgb[1], rgb[2], 255}, true
	}
	if c, ok := basicColors[strings.ToLower(v)]; ok {
		return c, true
	}
	return color.RGBA{}, false
}

var basicColors = map[string]color.RGBA{
	"white": {255, 255, 255, 255}, "black": {0, 0, 0, 255}, "red": {255, 0, 0, 255},
	"green": {0, 128, 0, 255}, "lime": {0, 255, 0, 255}, "blue": {0, 0, 255, 255},
	"yellow": {255, 255, 0, 255}, "cyan": {0, 255, 255, 255}, "aqua": {0, 255, 255, 255},
	"magenta": {255, 0, 255, 255}, "fuchsia": {255, 0, 255, 255}, "gray": {128, 128, 128, 255},
	"grey": {128, 128, 128, 255}, "silver": {192, 192, 192, 255},
}

func hexDigit(c byte) (uint8, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// stripASS removes SSA/ASS override blocks such as {\an8} or {\i1} that some SRT
// files carry.
func stripASS(s string) string {
	if !strings.Contains(s, `{\`) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, `{\`)
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return b.String()
}

// tidy collapses white space (as TTML's default handling does), trims the line
// and merges neighbouring spans of one style.
func tidy(l ttml.Line) ttml.Line {
	var out ttml.Line
	lastSpace := true
	for _, sp := range l {
		var b strings.Builder
		for _, r := range sp.Text {
			if r == ' ' || r == '\t' {
				if !lastSpace {
					b.WriteByte(' ')
					lastSpace = true
				}
				continue
			}
			if !xmlChar(r) {
				continue // control characters: never text, and XML cannot carry them
			}
			b.WriteRune(r)
			lastSpace = false
		}
		sp.Text = b.String()
		out = append(out, sp)
	}
	out = ttml.MergeSpans(out)
	for len(out) > 0 {
		k := len(out) - 1
		out[k].Text = strings.TrimRight(out[k].Text, " ")
		if out[k].Text != "" {
			break
		}
		out = out[:k]
	}
	return out
}

// xmlChar reports whether XML 1.0 can carry r (besides line ends, which do not
// occur inside a line).
func xmlChar(r rune) bool {
	return r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
