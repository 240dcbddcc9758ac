package smooth

import (
	"bytes"
	"fmt"
	"slices"
)

// DocKind is what a document looks like from its first bytes.
type DocKind int

// The kinds Sniff tells apart.
const (
	// DocXML starts with "<" after a BOM and whitespace, in UTF-8 or UTF-16.
	DocXML DocKind = iota
	// DocEmpty is nothing, or nothing but whitespace.
	DocEmpty
	// DocJSON starts with "{" or "[".
	DocJSON
	// DocBoxes starts with an MP4 box header of a known top-level type.
	DocBoxes
	// DocBinary has control bytes (NUL and the like) near its start.
	DocBinary
	// DocText is any other text.
	DocText
)

func (k DocKind) String() string {
	names := [...]string{"XML", "empty", "JSON", "MP4 data", "binary data", "text"}
	if k < 0 || int(k) >= len(names) {
		return fmt.Sprintf("DocKind(%d)", int(k))
	}
	return names[k]
}

// topLevelBoxes are the box types an MP4 file or Smooth Streaming fragment starts with.
var topLevelBoxes = []string{"ftyp", "styp", "moof", "moov", "mdat", "sidx", "mfra", "uuid", "free", "skip", "emsg", "prft", "pdin", "meta"}

// Sniff says what b looks like, and for DocBoxes the type of its first box. It
// looks at the first 512 bytes (and, for a document of whitespace only, at all).
func Sniff(b []byte) (kind DocKind, box string) {
	// A box header never starts with '<' (a size of 0x3C000000 and more, over
	// 1 GiB): "<!--meta…" is an XML comment, not a meta box.
	if len(b) >= 8 && b[0] != '<' && slices.Contains(topLevelBoxes, string(b[4:8])) {
		return DocBoxes, string(b[4:8])
	}
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) ||
		(len(b) > 1 && ((b[0] == '<' && b[1] == 0) || (b[0] == 0 && b[1] == '<'))) {
		return DocXML, ""
	}
	head := bytes.TrimPrefix(b[:min(len(b), 512)], []byte{0xEF, 0xBB, 0xBF})
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' { // DEL (0x7F) is legal XML
			return DocBinary, ""
		}
	}
	head = bytes.TrimLeft(head, " \t\r\n")
	switch {
	case len(head) == 0 && len(bytes.TrimSpace(b)) == 0:
		return DocEmpty, ""
	case len(head) == 0, head[0] == '<':
		return DocXML, ""
	case head[0] == '{' || head[0] == '[':
		return DocJSON, ""
	}
	return DocText, ""
}

// NotXMLError is the error of ParseManifest for input that is plainly not an XML
// document; it says what the input looks like instead.
type NotXMLError struct {
	Kind DocKind
	// Box is the first box's type when Kind is DocBoxes.
	Box string
}

func (e *NotXMLError) Error() string {
	switch e.Kind {
	case DocEmpty:
		return "empty document: not a Smooth Streaming client manifest"
	case DocBoxes:
		return "MP4 data (" + e.Box + " box), not XML: not a Smooth Streaming client manifest"
	}
	return e.Kind.String() + ", not XML: not a Smooth Streaming client manifest"
}
