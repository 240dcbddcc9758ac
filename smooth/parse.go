package smooth

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"strconv"
	"strings"

	"github.com/smoothie-player/smoothie/media"
)

// MaxManifestSize caps the bytes ParseManifest reads: a client manifest larger than
// 64 MiB is refused rather than held in memory.
const MaxManifestSize = 64 << 20

// ParseManifest reads a client manifest from r as it parses it, so what it holds is
// what the document describes (timelines as runs), never the document itself; it
// refuses a document larger than MaxManifestSize. source names the document (a
// file name or URL) in errors, which are *ParseError with the XML line.
func ParseManifest(r io.Reader, source string) (*Manifest, error) {
	u, err := openDocument(r)
	if err != nil {
		return nil, &ParseError{Source: source, Offset: -1, Err: err}
	}
	in := &recordingReader{r: u}
	p := &parser{source: source, d: xml.NewDecoder(in), in: in}
	p.d.CharsetReader = charsetReader
	m, err := p.manifest()
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			return nil, err
		}
		return nil, p.errorf("%v", err)
	}
	return m, nil
}

// ParseManifestBytes parses a client manifest held in memory.
func ParseManifestBytes(b []byte, source string) (*Manifest, error) {
	if len(b) > MaxManifestSize {
		return nil, &ParseError{Source: source, Offset: -1, Err: errManifestTooLarge}
	}
	return ParseManifest(bytes.NewReader(b), source)
}

type parser struct {
	source string
	d      *xml.Decoder
	in     *recordingReader // the document, whose read errors are not XML's
	depth  int              // elements open
}

func (p *parser) line() int {
	l, _ := p.d.InputPos()
	return l
}

func (p *parser) errorf(format string, args ...any) error {
	return &ParseError{Source: p.source, Line: p.line(), Offset: -1, Err: fmt.Errorf(format, args...)}
}

func (p *parser) errAt(line int, err error) error {
	return &ParseError{Source: p.source, Line: line, Offset: -1, Err: err}
}

// token returns the next token, turning XML syntax errors into ParseErrors.
func (p *parser) token() (xml.Token, error) {
	t, err := p.d.Token()
	if err == io.EOF {
		return nil, err
	}
	if err != nil {
		if p.in.err != nil && errors.Is(err, p.in.err) {
			if errors.Is(err, ErrTooLarge) || errors.Is(err, errOddUTF16) {
				return nil, &ParseError{Source: p.source, Offset: -1, Err: err}
			}
			return nil, &ParseError{Source: p.source, Line: p.line(), Offset: -1, Err: fmt.Errorf("read: %w", err)}
		}
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			return nil, &ParseError{Source: p.source, Line: se.Line, Offset: -1, Err: fmt.Errorf("malformed XML: %s", se.Msg)}
		}
		return nil, p.errorf("malformed XML: %v", err)
	}
	switch t.(type) {
	case xml.StartElement:
		if p.depth++; p.depth > maxDepth {
			return nil, p.errorf("elements nested deeper than %d", maxDepth)
		}
	case xml.EndElement:
		p.depth--
	}
	return t, nil
}

// maxDepth bounds how deep elements nest: a manifest needs 5 levels, and the XML
// decoder keeps a name per open element, so a document of a million nested
// elements would cost far more than its size.
const maxDepth = 256

func (p *parser) manifest() (*Manifest, error) {
	for {
		t, err := p.token()
		if err == io.EOF {
			return nil, p.errorf("no SmoothStreamingMedia element: not a Smooth Streaming client manifest")
		}
		if err != nil {
			return nil, err
		}
		if se, ok := t.(xml.StartElement); ok {
			if se.Name.Local != "SmoothStreamingMedia" {
				return nil, p.errorf("root element is <%s>, not <SmoothStreamingMedia>: not a Smooth Streaming client manifest", se.Name.Local)
			}
			m, err := p.root(se)
			if err != nil {
				return nil, err
			}
			return m, p.trailing()
		}
	}
}

// trailing checks that nothing but comments and whitespace follows the root.
func (p *parser) trailing() error {
	for {
		t, err := p.token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if _, ok := t.(xml.StartElement); ok {
			return p.errorf("content after the SmoothStreamingMedia element")
		}
	}
}

func (p *parser) root(se xml.StartElement) (*Manifest, error) {
	line := p.line()
	a := newAttrs(se)
	m := &Manifest{}
	if v, ok := a.required("MajorVersion"); ok {
		m.MajorVersion = a.intAttr("MajorVersion", 0)
		if a.err == nil && m.MajorVersion != 1 && m.MajorVersion != 2 {
			a.fail("MajorVersion %q: want 1 or 2", v)
		}
	}
	if _, ok := a.required("MinorVersion"); ok {
		m.MinorVersion = a.intAttr("MinorVersion", 0)
	}
	m.TimeScale, _ = a.u64("TimeScale", DefaultTimeScale)
	if m.TimeScale == 0 && a.err == nil {
		a.fail("TimeScale 0: must be positive")
	}
	if _, ok := a.required("Duration"); ok {
		m.Duration, _ = a.u64("Duration", 0)
		if a.err == nil && m.TimeScale != 0 && !TimeFits(m.Duration, m.TimeScale) {
			a.fail("Duration %d at TimeScale %d: longer than %d s (292 years)", m.Duration, m.TimeScale, MaxSeconds)
		}
	}
	if b := a.boolAttr("IsLive"); b != nil {
		m.IsLive = *b
	}
	for _, name := range []string{"LookAheadFragmentCount", "LookaheadCount"} {
		if _, ok := a.lookup(name); ok {
			m.LookaheadCount = a.intAttr(name, 0)
			m.LookaheadAttr = name
		}
	}
	m.DVRWindowLength, _ = a.u64("DVRWindowLength", 0)
	m.CanSeek = a.boolAttr("CanSeek")
	m.CanPause = a.boolAttr("CanPause")
	m.Extra = a.extra()
	if a.err != nil {
		return nil, p.errAt(line, a.err)
	}
	err := p.children("SmoothStreamingMedia", func(t xml.StartElement) error {
		switch t.Name.Local {
		case "StreamIndex":
			s, err := p.stream(t, m)
			if err != nil {
				return err
			}
			m.Streams = append(m.Streams, s)
		case "Protection":
			hs, err := p.protection()
			if err != nil {
				return err
			}
			m.Protection = append(m.Protection, hs...)
		case "CustomAttributes":
			ca, err := p.customAttributes()
			if err != nil {
				return err
			}
			m.CustomAttributes = append(m.CustomAttributes, ca...)
		default:
			return p.skip()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return m, p.finish(m)
}

// children calls child for each child element of the element being read, up to its
// end tag. child must consume the element it gets (read it to its end, or skip it).
func (p *parser) children(elem string, child func(xml.StartElement) error) error {
	for {
		t, err := p.token()
		if err == io.EOF {
			return p.errorf("document ends inside %s", elem)
		}
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			if err := child(t); err != nil {
				return err
			}
		}
	}
}

// finish checks the whole document once it is read.
func (p *parser) finish(m *Manifest) error {
	if len(m.Streams) == 0 {
		return p.errorf("SmoothStreamingMedia has no StreamIndex")
	}
	seen := map[string]int{}
	for _, s := range m.Streams {
		if prev, ok := seen[s.Name]; ok && s.URL != "" {
			m.Warnings = append(m.Warnings, fmt.Sprintf("line %d: StreamIndex Name %q is used twice (first at line %d)", s.Line, s.Name, prev))
		}
		seen[s.Name] = s.Line
		m.Warnings = append(m.Warnings, sameURLLevels(s)...)
		if s.Chunks != 0 && uint64(s.Chunks) != s.Timeline.Len() {
			m.Warnings = append(m.Warnings, fmt.Sprintf("line %d: StreamIndex %q says Chunks=%d but lists %d fragments", s.Line, s.Name, s.Chunks, s.Timeline.Len()))
		}
	}
	return nil
}

// sameURLLevels warns about levels of s that repeat a Bitrate and whose fragment URLs
// are the same (no {CustomAttributes} in the template tells them apart): a player can
// fetch only one of them.
func sameURLLevels(s *StreamIndex) []string {
	var out []string
	seen := map[string]*QualityLevel{}
	for _, q := range s.Levels {
		key := s.FragmentURL(q, 0) + "\x00" + strconv.FormatUint(q.Bitrate, 10)
		if prev, ok := seen[key]; ok {
			out = append(out, fmt.Sprintf("line %d: QualityLevel Bitrate %d is used twice in StreamIndex %q (first at line %d) and the fragment URLs cannot tell the two apart",
				q.Line, q.Bitrate, s.Name, prev.Line))
			continue
		}
		seen[key] = q
	}
	return out
}

func (p *parser) skip() error {
	for depth := 1; depth > 0; {
		t, err := p.token()
		if err == io.EOF {
			return p.errorf("document ends inside an element")
		}
		if err != nil {
			return err
		}
		switch t.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// text reads character data up to the end of the current element, skipping children.
func (p *parser) text() (string, error) {
	var b strings.Builder
	for {
		t, err := p.token()
		if err == io.EOF {
			return "", p.errorf("document ends inside an element")
		}
		if err != nil {
			return "", err
		}
		switch t := t.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			if err := p.skip(); err != nil {
				return "", err
			}
		case xml.EndElement:
			return b.String(), nil
		}
	}
}

func (p *parser) protection() ([]ProtectionHeader, error) {
	var out []ProtectionHeader
	err := p.children("Protection", func(t xml.StartElement) error {
		if t.Name.Local != "ProtectionHeader" {
			return p.skip()
		}
		line := p.line()
		a := newAttrs(t)
		id, _ := a.required("SystemID")
		if a.err != nil {
			return p.errAt(line, a.err)
		}
		sys, err := NormalizeSystemID(id)
		if err != nil {
			return p.errAt(line, fmt.Errorf("ProtectionHeader SystemID %q: %v", id, err))
		}
		txt, err := p.text()
		if err != nil {
			return err
		}
		raw := strings.Join(strings.Fields(txt), "")
		h := ProtectionHeader{SystemID: sys, Raw: raw}
		if data, err := base64.StdEncoding.DecodeString(raw); err == nil {
			h.Data = data
		}
		out = append(out, h)
		return nil
	})
	return out, err
}

func (p *parser) customAttributes() ([]Attribute, error) {
	var out []Attribute
	err := p.children("CustomAttributes", func(t xml.StartElement) error {
		if t.Name.Local == "Attribute" {
			a := newAttrs(t)
			out = append(out, Attribute{Name: a.str("Name"), Value: a.str("Value")})
		}
		return p.skip()
	})
	return out, err
}

func (p *parser) stream(se xml.StartElement, m *Manifest) (*StreamIndex, error) {
	line := p.line()
	a := newAttrs(se)
	s := &StreamIndex{Line: line}
	if typ, ok := a.required("Type"); ok {
		k, err := media.ParseKind(typ)
		if err != nil {
			a.fail("Type %q: want video, audio or text", typ)
		}
		s.Type = k
	}
	s.Subtype = a.str("Subtype")
	s.Name = a.str("Name")
	if s.Name == "" {
		s.Name = s.Type.String()
	}
	s.Language = a.str("Language")
	s.URL = a.str("Url")
	s.TimeScale, _ = a.u64("TimeScale", m.TimeScale)
	if s.TimeScale == 0 && a.err == nil {
		a.fail("TimeScale 0: must be positive")
	}
	s.Chunks = a.intAttr("Chunks", 0)
	s.QualityLevelCount = a.intAttr("QualityLevels", 0)
	s.MaxWidth = a.intAttr("MaxWidth", 0)
	s.MaxHeight = a.intAttr("MaxHeight", 0)
	s.DisplayWidth = a.intAttr("DisplayWidth", 0)
	s.DisplayHeight = a.intAttr("DisplayHeight", 0)
	s.ParentStreamIndex = a.str("ParentStreamIndex")
	if b := a.boolAttr("ManifestOutput"); b != nil {
		s.ManifestOutput = *b
	}
	s.FourCC = a.str("FourCC")
	s.Extra = a.extra()
	if a.err != nil {
		return nil, p.errAt(line, a.err)
	}
	tb := timelineBuilder{p: p, s: s, end: lastEnd(m, s)}
	err := p.children("StreamIndex", func(t xml.StartElement) error {
		switch t.Name.Local {
		case "QualityLevel":
			q, err := p.level(t, s.Type != media.KindText && s.ParentStreamIndex == "")
			if err != nil {
				return err
			}
			s.Levels = append(s.Levels, q)
		case "c":
			c, err := p.chunk(t)
			if err != nil {
				return err
			}
			return tb.add(c)
		case "Content":
			return p.content(s)
		default:
			return p.skip()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	tl, err := tb.finish()
	if err != nil {
		return nil, err
	}
	s.Timeline = tl
	if err := p.checkLevels(s); err != nil {
		return nil, err
	}
	return s, nil
}

// lastEnd is where the last fragment of a stream ends when its c has no d: the
// presentation's end in the stream's timescale, or 0 when unknown.
func lastEnd(m *Manifest, s *StreamIndex) uint64 {
	if m.Duration == 0 || m.TimeScale == 0 {
		return 0
	}
	hi, lo := bits.Mul64(m.Duration, s.TimeScale)
	if hi >= m.TimeScale {
		return 0
	}
	q, _ := bits.Div64(hi, lo, m.TimeScale)
	return q
}

// maxChunkElements bounds the c elements of one stream (each is ≥ 10 bytes, so a
// 64 MiB manifest holds fewer anyway; the bound keeps the arithmetic honest).
const maxChunkElements = 8 << 20

func (p *parser) checkLevels(s *StreamIndex) error {
	if len(s.Levels) == 0 && s.Type != media.KindText {
		return p.errAt(s.Line, fmt.Errorf("StreamIndex %q has no QualityLevel", s.Name))
	}
	seen := map[int]int{}
	for _, q := range s.Levels {
		if prev, ok := seen[q.Index]; ok {
			return p.errAt(q.Line, fmt.Errorf("QualityLevel Index %d is used twice in StreamIndex %q (first at line %d)", q.Index, s.Name, prev))
		}
		seen[q.Index] = q.Line
	}
	return nil
}

// level reads a QualityLevel. Bitrate is required for audio and video tracks; text
// and sparse tracks often omit it, and it then reads as 0.
func (p *parser) level(se xml.StartElement, bitrateRequired bool) (*QualityLevel, error) {
	line := p.line()
	a := newAttrs(se)
	q := &QualityLevel{Line: line, BitrateText: "0"}
	q.Index = a.intAttr("Index", 0)
	if bitrateRequired {
		a.required("Bitrate")
	}
	if v, ok := a.lookup("Bitrate"); ok {
		q.Bitrate, _ = a.u64("Bitrate", 0)
		q.BitrateText = strings.TrimSpace(v)
	}
	q.FourCC = strings.TrimSpace(a.str("FourCC"))
	q.MaxWidth = a.intAttr("MaxWidth", 0)
	q.MaxHeight = a.intAttr("MaxHeight", 0)
	if q.MaxWidth == 0 {
		q.MaxWidth = a.intAttr("Width", 0)
	}
	if q.MaxHeight == 0 {
		q.MaxHeight = a.intAttr("Height", 0)
	}
	q.CodecPrivateData = strings.TrimSpace(a.str("CodecPrivateData"))
	q.SamplingRate = a.intAttr("SamplingRate", 0)
	q.Channels = a.intAttr("Channels", 0)
	q.BitsPerSample = a.intAttr("BitsPerSample", 0)
	q.PacketSize = a.intAttr("PacketSize", 0)
	q.AudioTag = a.intAttr("AudioTag", 0)
	q.NALUnitLengthField = a.intAttr("NALUnitLengthField", DefaultNALUnitLengthField)
	q.WaveFormatEx = strings.TrimSpace(a.str("WaveFormatEx"))
	q.Extra = a.extra()
	if a.err != nil {
		return nil, p.errAt(line, a.err)
	}
	err := p.children("QualityLevel", func(t xml.StartElement) error {
		if t.Name.Local != "CustomAttributes" {
			return p.skip()
		}
		ca, err := p.customAttributes()
		q.CustomAttributes = append(q.CustomAttributes, ca...)
		return err
	})
	if err != nil {
		return nil, err
	}
	return q, nil
}
