package drm

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"strings"
	"testing"
)

// TestBoxStream: top-level boxes read one at a time, each whole, with one-line errors
// for a box that cannot be read, and a box over MaxBoxSize refused before it is read.
func TestBoxStream(t *testing.T) {
	box := func(typ string, size uint32, body int) []byte {
		b := make([]byte, 8+body)
		binary.BigEndian.PutUint32(b, size)
		copy(b[4:], typ)
		return b
	}
	large := box("mdat", 1, 8) // a 64-bit size
	binary.BigEndian.PutUint64(large[8:], 16)
	for _, c := range []struct {
		name  string
		in    []byte
		types string // the boxes read, then the error ("" for io.EOF)
		want  string
	}{
		{"two boxes", append(box("ftyp", 12, 4), box("moov", 8, 0)...), "ftyp moov", ""},
		{"64-bit size", large, "mdat", ""},
		{"to the end of the file", append(box("moof", 8, 0), box("mdat", 0, 100)...), "moof mdat", ""},
		{"header truncated", append(box("ftyp", 8, 0), 0, 0, 0), "ftyp", "box header at byte 8 truncated (3 bytes)"},
		{"smaller than its header", box("moof", 4, 0), "", `"moof" box at byte 0: size 4, less than its header`},
		{"body truncated", box("mdat", 100, 10), "", `"mdat" box at byte 0: size 100, 18 bytes there`},
		{"over the cap", box("mdat", 300<<20, 0), "", "more than the 256 MiB a box is read in"},
	} {
		bs := newBoxStream(bytes.NewReader(c.in))
		var types []string
		var err error
		for {
			var bx topBox
			if bx, err = bs.next(); err != nil {
				break
			}
			types = append(types, bx.typ)
		}
		if got := strings.Join(types, " "); got != c.types {
			t.Errorf("%s: boxes %q, want %q", c.name, got, c.types)
		}
		if c.want == "" && !errors.Is(err, io.EOF) || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}
