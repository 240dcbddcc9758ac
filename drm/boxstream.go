package drm

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// MaxBoxSize caps one top-level box ProtectStream and DecryptStream hold (a moov, a
// moof, an mdat: they read a file a fragment at a time): 256 MiB, a minute of 4K video
// at 35 Mbit/s in one fragment, where Smooth Streaming fragments are 2 s.
const MaxBoxSize = 256 << 20

// boxStream reads a file's top-level boxes one at a time, each whole.
type boxStream struct {
	r   *bufio.Reader
	off uint64 // the input offset of the next box
}

func newBoxStream(r io.Reader) *boxStream { return &boxStream{r: bufio.NewReaderSize(r, 1<<16)} }

// topBox is one top-level box: its type, its bytes (header included) and its offset.
type topBox struct {
	typ string
	b   []byte
	at  uint64
}

// next reads the next box; io.EOF at the end of the input.
func (s *boxStream) next() (topBox, error) {
	at := s.off
	hdr, err := s.r.Peek(8)
	if len(hdr) == 0 && errors.Is(err, io.EOF) {
		return topBox{}, io.EOF
	}
	if len(hdr) < 8 {
		return topBox{}, fmt.Errorf("box header at byte %d truncated (%d bytes)", at, len(hdr))
	}
	size, typ, hdrLen := uint64(binary.BigEndian.Uint32(hdr)), printable(string(hdr[4:8])), uint64(8)
	switch size {
	case 0: // to the end of the file
		b, err := io.ReadAll(io.LimitReader(s.r, MaxBoxSize+1))
		if err != nil {
			return topBox{}, fmt.Errorf("%q box at byte %d: %w", typ, at, err)
		}
		if len(b) > MaxBoxSize {
			return topBox{}, fmt.Errorf("%q box at byte %d runs to the end of the file, more than %d MiB", typ, at, MaxBoxSize>>20)
		}
		s.off += uint64(len(b))
		return topBox{typ: typ, b: b, at: at}, nil
	case 1:
		h16, _ := s.r.Peek(16)
		if len(h16) < 16 {
			return topBox{}, fmt.Errorf("%q box at byte %d: 64-bit size truncated", typ, at)
		}
		size, hdrLen = binary.BigEndian.Uint64(h16[8:]), 16
	}
	if size < hdrLen {
		return topBox{}, fmt.Errorf("%q box at byte %d: size %d, less than its header", typ, at, size)
	}
	if size > MaxBoxSize {
		return topBox{}, fmt.Errorf("%q box at byte %d: %d bytes, more than the %d MiB a box is read in", typ, at, size, MaxBoxSize>>20)
	}
	b := make([]byte, size)
	if n, err := io.ReadFull(s.r, b); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return topBox{}, fmt.Errorf("%q box at byte %d: size %d, %d bytes there", typ, at, size, n)
		}
		return topBox{}, fmt.Errorf("%q box at byte %d: %w", typ, at, err)
	}
	s.off += size
	return topBox{typ: typ, b: b, at: at}, nil
}

// errNoMoov is readHead's error for an input without a moov before its fragments.
var errNoMoov = errors.New("no moov")

// readHead reads the boxes up to and including the moov (ftyp, moov: the init
// segment) and returns them as one slice; no moov is an error.
func (s *boxStream) readHead() ([]byte, error) {
	var head []byte
	for {
		bx, err := s.next()
		if errors.Is(err, io.EOF) {
			return nil, errNoMoov
		}
		if err != nil {
			return nil, err
		}
		switch bx.typ {
		case "moof", "mdat", "styp":
			return nil, fmt.Errorf("%w before the %s at byte %d", errNoMoov, bx.typ, bx.at)
		case "ftyp", "moov":
			head = append(head, bx.b...)
		}
		if len(head) > MaxBoxSize {
			return nil, fmt.Errorf("init segment over %d MiB", MaxBoxSize>>20)
		}
		if bx.typ == "moov" {
			return head, nil
		}
	}
}
