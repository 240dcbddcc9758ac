package smooth

import (
	"encoding/binary"
	"fmt"
)

// ParseBoxHeader reads the box header at the start of b: the type, the size as
// written (0 means the box runs to the end of its container) and the header length
// (8, or 16 with a 64-bit size). b holds at least 8 bytes, 16 when the size is
// 64-bit; fewer is an error, as is a size smaller than the header.
func ParseBoxHeader(b []byte) (typ string, size uint64, hdrLen int, err error) {
	if len(b) < 8 {
		return "", 0, 0, fmt.Errorf("truncated box header (%d bytes)", len(b))
	}
	size, typ, hdrLen = uint64(binary.BigEndian.Uint32(b)), string(b[4:8]), 8
	if size == 1 {
		if len(b) < 16 {
			return typ, 0, 0, fmt.Errorf("%q box: truncated 64-bit size", typ)
		}
		size, hdrLen = binary.BigEndian.Uint64(b[8:]), 16
	}
	if size != 0 && size < uint64(hdrLen) {
		return typ, 0, 0, fmt.Errorf("%q box: size %d smaller than its header", typ, size)
	}
	return typ, size, hdrLen, nil
}

// SplitBoxes lists the top-level boxes of an MP4 byte stream (type, offset, size)
// without decoding them: enough to find each moof+mdat pair of an .ismv or .isma file
// or to check that a response is complete. A box that runs past the end is an error
// naming its offset.
func SplitBoxes(b []byte) ([]BoxInfo, error) {
	var out []BoxInfo
	pos := uint64(0)
	n := uint64(len(b))
	for pos < n {
		typ, size, _, err := ParseBoxHeader(b[pos:])
		if err != nil {
			return out, &ParseError{Offset: int64(pos), Err: err}
		}
		if size == 0 {
			size = n - pos
		}
		if size > n-pos {
			return out, &ParseError{Offset: int64(pos), Err: fmt.Errorf("%q box: size %d runs past the end (%d bytes left)", typ, size, n-pos)}
		}
		out = append(out, BoxInfo{Type: typ, Offset: pos, Size: size})
		pos += size
	}
	return out, nil
}
