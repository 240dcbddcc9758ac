package smooth

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
)

// Inline markers: an IIS manifest may carry a sparse stream's marks in the
// StreamIndex itself, in a Content element — <ScriptCommand Time Type Command/>
// for script commands (SCMD), <Marker Time Value/> for chapters (CHAP) — with Time
// in the stream's TimeScale. The samples found in the wild carry placeholders
// (Time="REFERENCE_TIME"): such a marker is kept, not Timed, so that a reader
// lists it without placing it.

// Inline marker elements (ContentMarker.Element).
const (
	ElemScriptCommand = "ScriptCommand"
	ElemMarker        = "Marker"
)

// maxContentMarkers bounds the inline markers of one stream.
const maxContentMarkers = 4096

// ContentMarker is one ScriptCommand or Marker of a StreamIndex's Content.
type ContentMarker struct {
	Element string // ElemScriptCommand or ElemMarker
	// TimeText is the Time attribute as written; Time is its value when Timed (an
	// unsigned integer that fits the stream's TimeScale).
	TimeText string
	Time     uint64
	Timed    bool
	// Type and Command are a ScriptCommand's, Value a Marker's.
	Type, Command, Value string
	// Line is where the element starts in the source document (0 if built).
	Line int
}

// Text is what the marker says: a Marker's Value, a ScriptCommand's "Type:
// Command" (or whichever of the two it has).
func (c ContentMarker) Text() string {
	if c.Element == ElemMarker {
		return strings.TrimSpace(c.Value)
	}
	t, cmd := strings.TrimSpace(c.Type), strings.TrimSpace(c.Command)
	switch {
	case t == "":
		return cmd
	case cmd == "":
		return t
	}
	return t + ": " + cmd
}

// content reads a Content element's markers into s; elements other than
// ScriptCommand and Marker are skipped.
func (p *parser) content(s *StreamIndex) error {
	return p.children("Content", func(t xml.StartElement) error {
		line := p.line()
		a := newAttrs(t)
		c := ContentMarker{Line: line}
		switch {
		case strings.EqualFold(t.Name.Local, ElemScriptCommand):
			c.Element, c.Type, c.Command = ElemScriptCommand, a.str("Type"), a.str("Command")
		case strings.EqualFold(t.Name.Local, ElemMarker):
			c.Element, c.Value = ElemMarker, a.str("Value")
		default:
			return p.skip()
		}
		c.TimeText = a.str("Time")
		if v, err := strconv.ParseUint(strings.TrimSpace(c.TimeText), 10, 64); err == nil && TimeFits(v, s.TimeScale) {
			c.Time, c.Timed = v, true
		}
		if len(s.Content) >= maxContentMarkers {
			return p.errAt(line, fmt.Errorf("StreamIndex %q: more than %d Content markers", s.Name, maxContentMarkers))
		}
		s.Content = append(s.Content, c)
		return p.skip()
	})
}

// marshalContent writes s's markers as a Content element (nothing without any).
func (s *StreamIndex) marshalContent(b *bytes.Buffer) {
	if len(s.Content) == 0 {
		return
	}
	w := attrWriter{b}
	b.WriteString("    <Content>\n")
	for _, c := range s.Content {
		b.WriteString("      <" + c.Element)
		t := c.TimeText
		if t == "" && c.Timed {
			t = strconv.FormatUint(c.Time, 10)
		}
		w.str("Time", t)
		if c.Element == ElemMarker {
			w.str("Value", c.Value)
		} else {
			w.str("Type", c.Type)
			w.str("Command", c.Command)
		}
		b.WriteString("/>\n")
	}
	b.WriteString("    </Content>\n")
}
