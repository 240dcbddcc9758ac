package player

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
)

// box is an ISO BMFF box of type typ around payload.
func box(typ string, payload []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(8+len(payload)))
	return append(append(b, typ...), payload...)
}

func TestReadHead(t *testing.T) {
	moof := box("moof", box("mfhd", make([]byte, 8)))
	mdat := box("mdat", bytes.Repeat([]byte{7}, 1000))
	large := append(binary.BigEndian.AppendUint32(nil, 1), "mdat"...)
	large = binary.BigEndian.AppendUint64(large, 16+500)
	large = append(large, make([]byte, 500)...)
	toEnd := append(binary.BigEndian.AppendUint32(nil, 0), "mdat"...)
	toEnd = append(toEnd, make([]byte, 300)...)
	cat := func(bs ...[]byte) []byte { return bytes.Join(bs, nil) }
	tests := []struct {
		name     string
		body     []byte
		limit    int64
		head     []byte
		mdat     int64
		errMatch string
	}{
		{"moof and mdat", cat(moof, mdat), 1 << 20, moof, 1000, ""},
		{"boxes after the mdat kept", cat(box("styp", nil), moof, mdat, box("free", []byte("x"))), 1 << 20, cat(box("styp", nil), moof, box("free", []byte("x"))), 1000, ""},
		{"64-bit mdat", cat(moof, large), 1 << 20, moof, 500, ""},
		{"mdat to the end", cat(moof, toEnd), 1 << 20, moof, 300, ""},
		{"empty", nil, 1 << 20, nil, 0, ""},
		{"truncated header", cat(moof, []byte{0, 0, 0}), 1 << 20, nil, 0, "box header at offset 24: 3 of 8 bytes"},
		{"mdat cut short", cat(moof, mdat[:500]), 1 << 20, nil, 0, "mdat at offset 24: 492 of 1000 payload bytes"},
		{"moof cut short", moof[:20], 1 << 20, nil, 0, `"moof" box at offset 0: unexpected EOF`},
		{"size below the header", cat(moof, []byte{0, 0, 0, 4, 'm', 'o', 'o', 'f'}), 1 << 20, nil, 0, "size 4 is smaller than its header"},
		{"mdat past the limit", cat(moof, mdat), 600, nil, 0, "past the 0 MiB"},
		{"endless mdat past the limit", cat(moof, toEnd), 200, nil, 0, "mdat at offset 24: past the"},
		{"box past the limit", cat(box("moof", make([]byte, 5000))), 1000, nil, 0, `"moof" box at offset 0: 5008 bytes, past`},
		{"kept box over its bound", append(binary.BigEndian.AppendUint32(nil, maxHeadBox+9), "moov"...), 1 << 30, nil, 0, "a box other than mdat may have"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			head, n, err := readHead(bytes.NewReader(tc.body), tc.limit)
			if tc.errMatch != "" {
				if err == nil || !strings.Contains(err.Error(), tc.errMatch) {
					t.Fatalf("error %v, want one with %q", err, tc.errMatch)
				}
				return
			}
			if err != nil || !bytes.Equal(head, tc.head) || n != tc.mdat {
				t.Errorf("head %d bytes, mdat %d, %v; want %d bytes, mdat %d", len(head), n, err, len(tc.head), tc.mdat)
			}
		})
	}
}

// FuzzReadHead: whatever the response, readHead returns its kept boxes and mdat
// bytes within the limit, or an error; it never panics.
func FuzzReadHead(f *testing.F) {
	f.Add(append(box("moof", box("mfhd", make([]byte, 8))), box("mdat", []byte("media"))...))
	f.Add([]byte{0, 0, 0, 1, 'm', 'd', 'a', 't', 0, 0, 0, 0, 0, 0, 0, 20, 1, 2, 3, 4})
	f.Add([]byte{0, 0, 0, 0, 'm', 'd', 'a', 't', 1, 2})
	f.Fuzz(func(t *testing.T, b []byte) {
		head, n, err := readHead(bytes.NewReader(b), 1<<16)
		if err == nil && int64(len(head))+n > int64(len(b)) {
			t.Fatalf("%d head bytes and %d mdat bytes from a %d-byte response", len(head), n, len(b))
		}
	})
}
