package smooth

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// encoding is how a document's bytes are encoded, from its first bytes: bom bytes
// of byte order mark to drop, then UTF-8, or UTF-16 in order.
type encoding struct {
	bom   int
	utf16 bool
	order binary.ByteOrder
}

// detectEncoding reads a document's first bytes: a UTF-8 BOM, UTF-16 with a BOM
// (either byte order), or UTF-16 without one but starting with "<"; else UTF-8.
func detectEncoding(head []byte) encoding {
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		return encoding{bom: 3}
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return encoding{bom: 2, utf16: true, order: binary.LittleEndian}
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return encoding{bom: 2, utf16: true, order: binary.BigEndian}
	case len(head) >= 2 && head[0] == '<' && head[1] == 0:
		return encoding{utf16: true, order: binary.LittleEndian}
	case len(head) >= 2 && head[0] == 0 && head[1] == '<':
		return encoding{utf16: true, order: binary.BigEndian}
	}
	return encoding{}
}

// toUTF8 returns the document as UTF-8 (detectEncoding says how it is encoded).
func toUTF8(b []byte) ([]byte, error) {
	e := detectEncoding(b)
	if !e.utf16 {
		return b[e.bom:], nil
	}
	return utf16ToUTF8(b[e.bom:], e.order)
}

func utf16ToUTF8(b []byte, order binary.ByteOrder) ([]byte, error) {
	if len(b)%2 != 0 {
		return nil, fmt.Errorf("UTF-16 document has an odd number of bytes (%d)", len(b))
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = order.Uint16(b[2*i:])
	}
	out := make([]byte, 0, len(u))
	var buf [4]byte
	for _, r := range utf16.Decode(u) {
		n := utf8.EncodeRune(buf[:], r)
		out = append(out, buf[:n]...)
	}
	return out, nil
}

// charsetReader accepts the encodings a declaration may name once the bytes are UTF-8.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "utf-16", "utf16", "utf-16le", "utf-16be", "unicode", "us-ascii", "ascii":
		// The document has already been transcoded to UTF-8.
		return in, nil
	case "iso-8859-1", "latin1", "windows-1252":
		b, err := io.ReadAll(in)
		if err != nil {
			return nil, err
		}
		var out strings.Builder
		for _, c := range b {
			out.WriteRune(rune(c))
		}
		return strings.NewReader(out.String()), nil
	}
	return nil, fmt.Errorf("unsupported XML encoding %q", label)
}
