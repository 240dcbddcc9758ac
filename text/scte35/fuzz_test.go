package scte35

import (
	"encoding/base64"
	"strings"
	"testing"
)

// FuzzDecode: any input decodes (by Decode and DecodeSample) or fails with a
// one-line error, never panics, and whatever decodes prints on one line.
func FuzzDecode(f *testing.F) {
	for _, s := range samples {
		b, _ := base64.StdEncoding.DecodeString(s.b64)
		f.Add(b)
	}
	f.Add(section(CmdSpliceInsert, []byte{0, 0, 0, 9, 0x7F, 0x8F, 2, 0x10, 0xFE, 0, 0x01, 0x5F, 0x90, 0x11, 0x7F, 0, 0, 0, 0}, nil, 0, false))
	f.Add(section(CmdPrivate, []byte{'A', 'B', 'C', 'D', 1}, []byte{0x01, 8, 'C', 'U', 'E', 'I', 5, 0x40, '1', '2'}, 0, false))
	f.Fuzz(func(t *testing.T, b []byte) {
		// Most random inputs fail the CRC: fix it so the fuzzer reaches the body.
		if len(b) >= 7 && b[0] == TableID {
			n := 3 + (int(b[1]&0x0F)<<8 | int(b[2]))
			if n >= 7 && n <= len(b) {
				crc := crc32MPEG(b[:n-4])
				b[n-4], b[n-3], b[n-2], b[n-1] = byte(crc>>24), byte(crc>>16), byte(crc>>8), byte(crc)
			}
		}
		if s, err := DecodeSample(b); err == nil && strings.Contains(s.String(), "\n") {
			t.Fatalf("multi-line String %q", s)
		}
		s, err := Decode(b)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		if str := s.String(); strings.Contains(str, "\n") {
			t.Fatalf("multi-line String %q", str)
		}
	})
}
