package drm

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/Eyevinn/mp4ff/bits"
	"github.com/Eyevinn/mp4ff/mp4"
)

// fragmentStream is what streamFragments does with each fragment: change it in place
// (raw is the bytes it was decoded from, the head first, where its sample encryption
// is read).
type fragmentStream struct {
	head      []byte // the init segment the fragments are decoded with (their moov)
	maskPIFF  bool   // decode from a copy with the PIFF overrides masked (encrypted input)
	writeMfra bool   // write the mfra (re-pointed); false: segments only
	do        func(frag *mp4.Fragment, raw []byte) error
}

// streamFragments reads bs's boxes after the head and writes them to out: each moof
// with the mdat after it, decoded with the head (whose moov they need) and changed by
// fs.do; the mfra re-pointed at the moofs where they now are; styp, emsg and prft as
// they are; other boxes (sidx, free: offsets and padding that no longer hold) left
// out. It holds one fragment at a time.
func streamFragments(bs *boxStream, out *offsetWriter, fs fragmentStream) error {
	var moofs []uint64
	for n := 0; ; {
		bx, err := bs.next()
		if errors.Is(err, io.EOF) {
			return out.err
		}
		if err != nil {
			return fmt.Errorf("read: %w", err)
		}
		switch bx.typ {
		case "moof":
			md, err := bs.next()
			if err != nil && !errors.Is(err, io.EOF) {
				return fmt.Errorf("read: %w", err)
			}
			if err != nil || md.typ != "mdat" {
				return fmt.Errorf("fragment %d (moof at byte %d): no mdat after the moof", n, bx.at)
			}
			raw := make([]byte, 0, len(fs.head)+len(bx.b)+len(md.b))
			raw = append(append(append(raw, fs.head...), bx.b...), md.b...)
			frag, err := decodeFragment(raw, fs.maskPIFF)
			if err == nil {
				err = fs.do(frag, raw)
			}
			if err != nil {
				return fmt.Errorf("fragment %d (moof at byte %d): %w", n, bx.at, err)
			}
			for _, c := range frag.Children {
				if c.Type() == "moof" {
					moofs = append(moofs, uint64(out.n))
				}
				if err := c.Encode(out); err != nil {
					return fmt.Errorf("write %s: %w", c.Type(), err)
				}
			}
			n++
		case "mfra":
			if !fs.writeMfra {
				continue
			}
			box, err := mp4.DecodeBoxSR(0, bits.NewFixedSliceReader(bx.b))
			mfra, ok := box.(*mp4.MfraBox)
			if err != nil || !ok {
				return fmt.Errorf("mfra at byte %d: %v", bx.at, err)
			}
			if err := reindexMfra(mfra, moofs); err != nil {
				return err
			}
			if err := mfra.Encode(out); err != nil {
				return fmt.Errorf("write mfra: %w", err)
			}
		case "styp", "emsg", "prft":
			_, _ = out.Write(bx.b)
		}
	}
}

// decodeFragment decodes raw (an init segment, then one moof and its mdat) and returns
// its fragment, with the checks checkTopLevel makes first.
func decodeFragment(raw []byte, maskPIFF bool) (*mp4.Fragment, error) {
	if err := checkTopLevel(raw); err != nil {
		return nil, err
	}
	dec := raw
	if maskPIFF {
		dec = maskFileOverrides(raw)
	}
	f, err := mp4.DecodeFile(bytes.NewReader(dec))
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if len(f.Segments) != 1 || len(f.Segments[0].Fragments) != 1 {
		return nil, fmt.Errorf("read: not one fragment")
	}
	return f.Segments[0].Fragments[0], nil
}

// offsetWriter is a buffered countWriter: n is the output offset of the next byte.
type offsetWriter struct {
	countWriter
	buf *bufio.Writer
}

func newOffsetWriter(w io.Writer) *offsetWriter {
	buf := bufio.NewWriterSize(w, 1<<20)
	return &offsetWriter{countWriter: countWriter{w: buf}, buf: buf}
}

// flush writes what is buffered, returning the first error.
func (o *offsetWriter) flush() error {
	if o.err != nil {
		return o.err
	}
	return o.buf.Flush()
}

// decodeHead decodes an init segment (ftyp, moov), with the checks checkTopLevel
// makes first.
func decodeHead(head []byte) (*mp4.File, error) {
	if err := checkTopLevel(head); err != nil {
		return nil, err
	}
	f, err := mp4.DecodeFile(bytes.NewReader(head))
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	return f, nil
}

// reindexMfra points tfra entry i at moof i (one track a file, an entry a fragment).
func reindexMfra(mfra *mp4.MfraBox, moofs []uint64) error {
	for _, tfra := range mfra.Tfras {
		if len(tfra.Entries) != len(moofs) {
			return fmt.Errorf("mfra: track %d has %d tfra entries for %d fragments", tfra.TrackID, len(tfra.Entries), len(moofs))
		}
		for i := range tfra.Entries {
			tfra.Entries[i].MoofOffset = moofs[i]
		}
		if tfra.Version == 0 && len(moofs) > 0 && moofs[len(moofs)-1] > 0xffffffff {
			tfra.Version = 1
		}
	}
	if mfra.Mfro != nil {
		mfra.Mfro.ParentSize = uint32(mfra.Size())
	}
	return nil
}
