package drm

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding/unicode"
)

// utf16LEToUTF8 returns a WRMHEADER as UTF-8: UTF-16LE (with or without a byte order
// mark, as a PlayReady Object stores it) is transcoded, UTF-8 passes.
func utf16LEToUTF8(b []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return b[3:], nil
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), len(b) >= 2 && b[1] == 0:
	default:
		return b, nil
	}
	if len(b)%2 != 0 {
		return nil, fmt.Errorf("UTF-16 document has an odd number of bytes (%d)", len(b))
	}
	return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder().Bytes(b)
}

// utf8ToUTF16LE is s in UTF-16LE without a byte order mark.
func utf8ToUTF16LE(s string) []byte {
	b, err := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().Bytes([]byte(strings.ToValidUTF8(s, "\uFFFD")))
	if err != nil {
		return nil
	}
	return b
}

// passCharset accepts the declarations a header transcoded to UTF-8 may carry.
func passCharset(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "utf-16", "utf16", "utf-16le", "unicode", "us-ascii", "ascii":
		return in, nil
	}
	return nil, fmt.Errorf("unsupported XML encoding %q", label)
}
