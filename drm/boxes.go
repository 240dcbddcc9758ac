package drm

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/Eyevinn/mp4ff/bits"
	"github.com/Eyevinn/mp4ff/mp4"
)

// rawChild is one box found by childBoxes: its type, its uuid for a uuid box, its
// payload (after the uuid) and where it starts in the bytes walked.
type rawChild struct {
	Type    string
	UUID    [16]byte
	Payload []byte
	Offset  int
}

// childBoxes splits b, the payload of a container box, into its child boxes. Each
// size is checked against the bytes there; a 64-bit size is read, size 0 is the rest.
func childBoxes(b []byte) ([]rawChild, error) {
	var out []rawChild
	for off := 0; off < len(b); {
		if len(b)-off < 8 {
			return nil, fmt.Errorf("box header at byte %d truncated (%d bytes)", off, len(b)-off)
		}
		size := uint64(binary.BigEndian.Uint32(b[off:]))
		typ := string(b[off+4 : off+8])
		hdr := 8
		switch size {
		case 0:
			size = uint64(len(b) - off)
		case 1:
			if len(b)-off < 16 {
				return nil, fmt.Errorf("%q box at byte %d: 64-bit size truncated", typ, off)
			}
			size = binary.BigEndian.Uint64(b[off+8:])
			hdr = 16
		}
		if size < uint64(hdr) || size > uint64(len(b)-off) {
			return nil, fmt.Errorf("%q box at byte %d: size %d, %d bytes there", typ, off, size, len(b)-off)
		}
		c := rawChild{Type: typ, Offset: off, Payload: b[off+hdr : off+int(size)]}
		if typ == "uuid" {
			if len(c.Payload) < 16 {
				return nil, fmt.Errorf("uuid box at byte %d: %d bytes, no room for the uuid", off, size)
			}
			copy(c.UUID[:], c.Payload)
			c.Payload = c.Payload[16:]
		}
		out = append(out, c)
		off += int(size)
	}
	return out, nil
}

// encodeBox is the bytes of an mp4ff box.
func encodeBox(b mp4.Box) ([]byte, error) {
	var buf bytes.Buffer
	if err := b.Encode(&buf); err != nil {
		return nil, fmt.Errorf("encode %s: %w", b.Type(), err)
	}
	return buf.Bytes(), nil
}

// rawBox is a box we encoded ourselves, placed into an mp4ff box tree.
type rawBox struct {
	typ  string
	data []byte // the whole box, header included
}

func (r *rawBox) Type() string { return r.typ }
func (r *rawBox) Size() uint64 { return uint64(len(r.data)) }
func (r *rawBox) Encode(w io.Writer) error {
	_, err := w.Write(r.data)
	return err
}
func (r *rawBox) EncodeSW(sw bits.SliceWriter) error {
	sw.WriteBytes(r.data)
	return sw.AccError()
}
func (r *rawBox) Info(w io.Writer, _, indent, _ string) error {
	_, err := fmt.Fprintf(w, "%s[%s] size=%d\n", indent, r.typ, len(r.data))
	return err
}
