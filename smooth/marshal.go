package smooth

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
)

// Marshal writes the client manifest as UTF-8 XML. Every resolved value is written
// explicitly (TimeScale, stream Name and TimeScale), c elements carry t where the
// timeline does not continue the previous fragment and r for runs when the manifest
// version allows it (2.2), so ParseManifest(Marshal(m)) equals m.
func (m *Manifest) Marshal() []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SmoothStreamingMedia")
	w := attrWriter{&b}
	w.int("MajorVersion", m.MajorVersion)
	w.int("MinorVersion", m.MinorVersion)
	w.u64("TimeScale", m.TimeScale)
	w.u64("Duration", m.Duration)
	if m.IsLive {
		w.str("IsLive", "TRUE")
	}
	if m.LookaheadAttr != "" {
		w.int(m.LookaheadAttr, m.LookaheadCount)
	}
	if m.DVRWindowLength != 0 || m.IsLive {
		w.u64("DVRWindowLength", m.DVRWindowLength)
	}
	w.boolp("CanSeek", m.CanSeek)
	w.boolp("CanPause", m.CanPause)
	w.extra(m.Extra)
	b.WriteString(">\n")
	writeCustomAttributes(&b, "  ", m.CustomAttributes)
	if len(m.Protection) > 0 {
		b.WriteString("  <Protection>\n")
		for _, p := range m.Protection {
			fmt.Fprintf(&b, "    <ProtectionHeader SystemID=\"%s\">%s</ProtectionHeader>\n", p.SystemID, escape(p.Raw))
		}
		b.WriteString("  </Protection>\n")
	}
	r := m.MajorVersion > 2 || (m.MajorVersion == 2 && m.MinorVersion >= 2)
	for _, s := range m.Streams {
		s.marshal(&b, m.TimeScale, r)
	}
	b.WriteString("</SmoothStreamingMedia>\n")
	return b.Bytes()
}

func (s *StreamIndex) marshal(b *bytes.Buffer, rootScale uint64, useR bool) {
	b.WriteString("  <StreamIndex")
	w := attrWriter{b}
	w.str("Type", s.Type.String())
	w.opt("Subtype", s.Subtype)
	w.str("Name", s.Name)
	w.opt("Language", s.Language)
	w.opt("Url", s.URL)
	w.u64("TimeScale", s.TimeScale)
	w.nz("Chunks", s.Chunks)
	w.nz("QualityLevels", s.QualityLevelCount)
	w.nz("MaxWidth", s.MaxWidth)
	w.nz("MaxHeight", s.MaxHeight)
	w.nz("DisplayWidth", s.DisplayWidth)
	w.nz("DisplayHeight", s.DisplayHeight)
	w.opt("ParentStreamIndex", s.ParentStreamIndex)
	if s.ManifestOutput {
		w.str("ManifestOutput", "TRUE")
	}
	w.opt("FourCC", s.FourCC)
	w.extra(s.Extra)
	b.WriteString(">\n")
	for _, q := range s.Levels {
		q.marshal(b)
	}
	prevEnd := uint64(0)
	for i, run := range s.Timeline.Runs() {
		count := run.Count
		start := run.Start
		for count > 0 {
			n := count
			if !useR {
				n = 1
			}
			b.WriteString("    <c")
			if i == 0 && start == run.Start || start != prevEnd {
				w.u64("t", start)
			}
			w.u64("d", run.Duration)
			if n > 1 {
				w.u64("r", n)
			}
			if run.HasNumber {
				w.u64("n", uint64(run.Number)+(run.Count-count))
			}
			if len(run.Tracks) == 0 {
				b.WriteString("/>\n")
			} else {
				b.WriteString(">")
				for _, f := range run.Tracks {
					b.WriteString("<f")
					w.int("i", f.Index)
					for _, x := range f.Extra {
						w.str(x.Name, x.Value)
					}
					fmt.Fprintf(b, ">%s</f>", escape(f.Content))
				}
				b.WriteString("</c>\n")
			}
			prevEnd = start + n*run.Duration
			start = prevEnd
			count -= n
		}
	}
	s.marshalContent(b)
	b.WriteString("  </StreamIndex>\n")
}

func (q *QualityLevel) marshal(b *bytes.Buffer) {
	b.WriteString("    <QualityLevel")
	w := attrWriter{b}
	w.int("Index", q.Index)
	br := q.BitrateText
	if br == "" {
		br = strconv.FormatUint(q.Bitrate, 10)
	}
	w.str("Bitrate", br)
	w.opt("FourCC", q.FourCC)
	w.nz("MaxWidth", q.MaxWidth)
	w.nz("MaxHeight", q.MaxHeight)
	w.opt("CodecPrivateData", q.CodecPrivateData)
	w.nz("SamplingRate", q.SamplingRate)
	w.nz("Channels", q.Channels)
	w.nz("BitsPerSample", q.BitsPerSample)
	w.nz("PacketSize", q.PacketSize)
	w.nz("AudioTag", q.AudioTag)
	if q.NALUnitLengthField != DefaultNALUnitLengthField {
		w.int("NALUnitLengthField", q.NALUnitLengthField)
	}
	w.opt("WaveFormatEx", q.WaveFormatEx)
	w.extra(q.Extra)
	if len(q.CustomAttributes) == 0 {
		b.WriteString("/>\n")
		return
	}
	b.WriteString(">\n")
	writeCustomAttributes(b, "      ", q.CustomAttributes)
	b.WriteString("    </QualityLevel>\n")
}

func writeCustomAttributes(b *bytes.Buffer, indent string, as []Attribute) {
	if len(as) == 0 {
		return
	}
	b.WriteString(indent + "<CustomAttributes>\n")
	for _, a := range as {
		fmt.Fprintf(b, "%s  <Attribute Name=\"%s\" Value=\"%s\"/>\n", indent, escape(a.Name), escape(a.Value))
	}
	b.WriteString(indent + "</CustomAttributes>\n")
}

type attrWriter struct{ b *bytes.Buffer }

func (w attrWriter) str(name, v string) { fmt.Fprintf(w.b, " %s=\"%s\"", name, escape(v)) }
func (w attrWriter) int(name string, v int) {
	w.b.WriteString(" " + name + "=\"" + strconv.Itoa(v) + "\"")
}
func (w attrWriter) u64(name string, v uint64) {
	w.b.WriteString(" " + name + "=\"" + strconv.FormatUint(v, 10) + "\"")
}
func (w attrWriter) opt(name, v string) {
	if v != "" {
		w.str(name, v)
	}
}
func (w attrWriter) nz(name string, v int) {
	if v != 0 {
		w.int(name, v)
	}
}
func (w attrWriter) boolp(name string, v *bool) {
	if v != nil {
		w.str(name, strings.ToUpper(strconv.FormatBool(*v)))
	}
}

// extra writes vendor attributes. Namespace declarations and plain names are kept;
// prefixed vendor attributes lose their prefix binding in encoding/xml and are dropped.
func (w attrWriter) extra(as []xml.Attr) {
	for _, a := range as {
		switch {
		case a.Name.Space == "":
			w.str(a.Name.Local, a.Value)
		case a.Name.Space == "xmlns":
			w.str("xmlns:"+a.Name.Local, a.Value)
		}
	}
}

func escape(s string) string {
	var b strings.Builder
	if err := xml.EscapeText(&b, []byte(s)); err != nil {
		return s
	}
	return b.String()
}
