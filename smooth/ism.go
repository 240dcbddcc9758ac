package smooth

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"

	"github.com/smoothie-player/smoothie/media"
)

// ServerManifest is an .ism server manifest (SMIL 2.0): which media files hold which
// tracks, and where the client manifest is.
type ServerManifest struct {
	// Meta are the head's <meta name content> pairs in order (clientManifestRelativePath, …).
	Meta   []Attribute
	Tracks []ServerTrack
}

// ServerTrack is one <video>, <audio> or <textstream> of the SMIL switch.
type ServerTrack struct {
	Kind media.Kind
	// Src is the media file name relative to the .ism (an .ismv or .isma).
	Src            string
	SystemBitrate  uint64
	SystemLanguage string
	// Params are the <param name value valuetype="data"> children (trackID, trackName, …).
	Params []Attribute
}

// Param returns the value of the named param.
func (t *ServerTrack) Param(name string) (string, bool) {
	for _, p := range t.Params {
		if p.Name == name {
			return p.Value, true
		}
	}
	return "", false
}

// TrackID is the trackID param (the track inside Src), 0 when absent.
func (t *ServerTrack) TrackID() int {
	v, _ := t.Param("trackID")
	n, _ := strconv.Atoi(v)
	return n
}

// ClientManifestPath is the clientManifestRelativePath meta value.
func (m *ServerManifest) ClientManifestPath() string {
	for _, a := range m.Meta {
		if a.Name == "clientManifestRelativePath" {
			return a.Value
		}
	}
	return ""
}

type smilDoc struct {
	XMLName xml.Name   `xml:"smil"`
	Meta    []smilMeta `xml:"head>meta"`
	Switch  struct {
		Media []smilMed `xml:",any"`
	} `xml:"body>switch"`
}

type smilMeta struct {
	Name    string `xml:"name,attr"`
	Content string `xml:"content,attr"`
}

type smilMed struct {
	XMLName        xml.Name
	Src            string      `xml:"src,attr"`
	SystemBitrate  string      `xml:"systemBitrate,attr"`
	SystemLanguage string      `xml:"systemLanguage,attr"`
	Params         []smilParam `xml:"param"`
}

type smilParam struct {
	Name      string `xml:"name,attr"`
	Value     string `xml:"value,attr"`
	ValueType string `xml:"valuetype,attr"`
}

// ParseServerManifest reads an .ism SMIL document; source names it in errors.
func ParseServerManifest(r io.Reader, source string) (*ServerManifest, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxManifestSize+1))
	if err != nil {
		return nil, &ParseError{Source: source, Offset: -1, Err: err}
	}
	if len(b) > MaxManifestSize {
		return nil, &ParseError{Source: source, Offset: -1, Err: fmt.Errorf("server manifest %w", ErrTooLarge)}
	}
	u, err := toUTF8(b)
	if err != nil {
		return nil, &ParseError{Source: source, Offset: -1, Err: err}
	}
	d := xml.NewDecoder(bytes.NewReader(u))
	d.CharsetReader = charsetReader
	var doc smilDoc
	if err := d.Decode(&doc); err != nil {
		line, _ := d.InputPos()
		if se, ok := err.(*xml.SyntaxError); ok {
			line = se.Line
		}
		return nil, &ParseError{Source: source, Line: line, Offset: -1, Err: fmt.Errorf("server manifest: %v", err)}
	}
	m := &ServerManifest{}
	for _, me := range doc.Meta {
		m.Meta = append(m.Meta, Attribute{Name: me.Name, Value: me.Content})
	}
	for _, med := range doc.Switch.Media {
		var k media.Kind
		switch med.XMLName.Local {
		case "video":
			k = media.KindVideo
		case "audio":
			k = media.KindAudio
		case "textstream", "text":
			k = media.KindText
		default:
			continue
		}
		// src may be empty: an encoder's StreamManifest box describes its tracks without files.
		t := ServerTrack{Kind: k, Src: med.Src, SystemLanguage: med.SystemLanguage}
		if med.SystemBitrate != "" {
			t.SystemBitrate, err = strconv.ParseUint(med.SystemBitrate, 10, 64)
			if err != nil {
				return nil, &ParseError{Source: source, Offset: -1, Err: fmt.Errorf("server manifest: <%s src=%q> systemBitrate %q is not an unsigned integer", med.XMLName.Local, med.Src, med.SystemBitrate)}
			}
		}
		for _, p := range med.Params {
			t.Params = append(t.Params, Attribute{Name: p.Name, Value: p.Value})
		}
		m.Tracks = append(m.Tracks, t)
	}
	if len(m.Tracks) == 0 {
		return nil, &ParseError{Source: source, Offset: -1, Err: fmt.Errorf("server manifest lists no video, audio or textstream in body/switch")}
	}
	return m, nil
}

// Marshal writes the server manifest as SMIL 2.0.
func (m *ServerManifest) Marshal() []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<smil xmlns=\"http://www.w3.org/2001/SMIL20/Language\">\n  <head>\n")
	for _, a := range m.Meta {
		fmt.Fprintf(&b, "    <meta name=\"%s\" content=\"%s\" />\n", escape(a.Name), escape(a.Value))
	}
	b.WriteString("  </head>\n  <body>\n    <switch>\n")
	for _, t := range m.Tracks {
		el := t.Kind.String()
		if t.Kind == media.KindText {
			el = "textstream"
		}
		fmt.Fprintf(&b, "      <%s src=\"%s\" systemBitrate=\"%d\"", el, escape(t.Src), t.SystemBitrate)
		if t.SystemLanguage != "" {
			fmt.Fprintf(&b, " systemLanguage=\"%s\"", escape(t.SystemLanguage))
		}
		b.WriteString(">\n")
		for _, p := range t.Params {
			fmt.Fprintf(&b, "        <param name=\"%s\" value=\"%s\" valuetype=\"data\" />\n", escape(p.Name), escape(p.Value))
		}
		fmt.Fprintf(&b, "      </%s>\n", el)
	}
	b.WriteString("    </switch>\n  </body>\n</smil>\n")
	return b.Bytes()
}
