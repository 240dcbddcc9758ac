package smooth

import (
	"encoding/binary"
	"fmt"
)

// SplitBoxes lists the top-level boxes of an MP4 byte stream (type, offset, size)
// without decoding them: enough to find each moof+mdat pair of an .ismv or .isma file
// or to check that a response is complete. A box that runs past the end is an error
// naming its offset.
func SplitBoxes(b []byte) ([]BoxInfo, error) {
	var out []BoxInfo
	pos := uint64(0)
	n := uint64(len(b))
	for pos < n {
		if n-pos < 8 {
			return out, &ParseError{Offset: int64(pos), Err: fmt.Errorf("truncated box header (%d bytes left)", n-pos)}
		}
		size := uint64(binary.BigEndian.Uint32(b[pos:]))
		typ := string(b[pos+4 : pos+8])
		hdr := uint64(8)
		switch size {
		case 0:
			size = n - pos
		case 1:
			if n-pos < 16 {
				return out, &ParseError{Offset: int64(pos), Err: fmt.Errorf("%q box: truncated 64-bit size", typ)}
			}
			size = binary.BigEndian.Uint64(b[pos+8:])
			hdr = 16
		}
		if size < hdr {
			return out, &ParseError{Offset: int64(pos), Err: fmt.Errorf("%q box: size %d smaller than its header", typ, size)}
		}
		if size > n-pos {
			return out, &ParseError{Offset: int64(pos), Err: fmt.Errorf("%q box: size %d runs past the end (%d bytes left)", typ, size, n-pos)}
		}
		out = append(out, BoxInfo{Type: typ, Offset: pos, Size: size})
		pos += size
	}
	return out, nil
}
