package drm

import (
	"bufio"
	"fmt"
	"io"

	"github.com/Eyevinn/mp4ff/mp4"
)

// writeFragmented writes ftyp, moov and every fragment in order, then the mfra with
// each tfra entry pointing at its fragment's moof where it now is.
func writeFragmented(f *mp4.File, w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	var off uint64
	put := func(b mp4.Box) error {
		if err := b.Encode(bw); err != nil {
			return fmt.Errorf("write %s: %w", b.Type(), err)
		}
		off += b.Size()
		return nil
	}
	if f.Ftyp != nil {
		if err := put(f.Ftyp); err != nil {
			return err
		}
	}
	if err := put(f.Init.Moov); err != nil {
		return err
	}
	var moofs []uint64
	for _, seg := range f.Segments {
		if seg.Styp != nil {
			if err := put(seg.Styp); err != nil {
				return err
			}
		}
		for _, frag := range seg.Fragments {
			for _, c := range frag.Children {
				if c.Type() == "moof" {
					moofs = append(moofs, off)
				}
				if err := put(c); err != nil {
					return err
				}
			}
		}
	}
	if f.Mfra != nil {
		if err := reindexMfra(f.Mfra, moofs); err != nil {
			return err
		}
		if err := put(f.Mfra); err != nil {
			return err
		}
	}
	return bw.Flush()
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
		if tfra.Version == 0 && moofs[len(moofs)-1] > 0xffffffff {
			tfra.Version = 1
		}
	}
	if mfra.Mfro != nil {
		mfra.Mfro.ParentSize = uint32(mfra.Size())
	}
	return nil
}
