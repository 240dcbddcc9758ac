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

// toUTF8 returns the document as UTF-8: a UTF-8 BOM is dropped, UTF-16 with a BOM
// (either byte order) or without one but starting with "<" is transcoded.
func toUTF8(b []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return b[3:], nil
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return utf16ToUTF8(b[2:], binary.LittleEndian)
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return utf16ToUTF8(b[2:], binary.BigEndian)
	case len(b) >= 2 && b[0] == '<' && b[1] == 0:
		return utf16ToUTF8(b, binary.LittleEndian)
	case len(b) >= 2 && b[0] == 0 && b[1] == '<':
		return utf16ToUTF8(b, binary.BigEndian)
	}
	return b, nil
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
