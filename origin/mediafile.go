package origin

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/smoothie-player/smoothie/smooth"
)

// maxHeaderBox bounds moov and mfra boxes read into memory.
const maxHeaderBox = 32 << 20

// mediaFile is an open .ismv/.isma file with its fragment index, read once.
type mediaFile struct {
	name    string
	f       *os.File
	size    int64
	modTime time.Time
	tracks  []smooth.FileTrack
	// frags per track ID, sorted by time.
	frags map[uint32][]fragRef
}

// fragRef locates one fragment in the file.
type fragRef struct {
	time     uint64
	offset   int64
	moofSize int64
	// size is moof+mdat.
	size int64
	// mdatHeader is the mdat box header size (8 or 16).
	mdatHeader int64
}

// openMediaFile reads the file's moov and its mfra index (or, without mfra, the tfxd of
// each moof) and locates every fragment with a few small reads per fragment.
func openMediaFile(root *os.Root, name string) (*mediaFile, error) {
	f, err := root.Open(name)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	mf := &mediaFile{name: name, f: f, size: st.Size(), modTime: st.ModTime(), frags: map[uint32][]fragRef{}}
	if err := mf.index(); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return mf, nil
}

func (mf *mediaFile) Close() error { return mf.f.Close() }

// boxHeader reads the box header at off: type, total size and header length.
func (mf *mediaFile) boxHeader(off int64) (string, int64, int64, error) {
	var h [16]byte
	n, err := mf.f.ReadAt(h[:], off)
	if n < 8 {
		if err == nil || err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return "", 0, 0, fmt.Errorf("box header at offset %d: %v", off, err)
	}
	typ, usize, hdr, err := smooth.ParseBoxHeader(h[:n])
	if err != nil {
		return "", 0, 0, fmt.Errorf("offset %d: %v", off, err)
	}
	size := int64(usize)
	if usize == 0 {
		size = mf.size - off
	}
	if usize > uint64(mf.size) || off+size > mf.size {
		return "", 0, 0, fmt.Errorf("%q box at offset %d: size %d does not fit the %d-byte file", typ, off, usize, mf.size)
	}
	return typ, size, int64(hdr), nil
}

func (mf *mediaFile) readBox(off, size int64) ([]byte, error) {
	if size > maxHeaderBox {
		return nil, fmt.Errorf("box at offset %d: %d bytes, more than %d MiB", off, size, maxHeaderBox>>20)
	}
	b := make([]byte, size)
	if _, err := mf.f.ReadAt(b, off); err != nil {
		return nil, fmt.Errorf("box at offset %d: %v", off, err)
	}
	return b, nil
}

func (mf *mediaFile) index() error {
	// Top-level boxes up to the first moof: ftyp, moov (and free/uuid/…).
	var off int64
	var firstMoof int64 = -1
	for off < mf.size {
		typ, size, _, err := mf.boxHeader(off)
		if err != nil {
			return err
		}
		if typ == "moov" {
			b, err := mf.readBox(off, size)
			if err != nil {
				return err
			}
			if mf.tracks, err = smooth.ParseMoovTracks(b); err != nil {
				return fmt.Errorf("offset %d: %v", off, err)
			}
		}
		if typ == "moof" {
			firstMoof = off
			break
		}
		off += size
	}
	if len(mf.tracks) == 0 {
		return errors.New("no moov with tracks")
	}
	entries, err := mf.readMfra()
	if err != nil {
		return err
	}
	if entries == nil {
		if firstMoof < 0 {
			return errors.New("no fragments")
		}
		if entries, err = mf.scanMoofs(firstMoof); err != nil {
			return err
		}
	}
	for _, e := range entries {
		ref, err := mf.locate(int64(e.MoofOffset))
		if err != nil {
			return err
		}
		ref.time = e.Time
		mf.frags[e.TrackID] = append(mf.frags[e.TrackID], ref)
	}
	for id, refs := range mf.frags {
		sort.Slice(refs, func(i, j int) bool { return refs[i].time < refs[j].time })
		mf.frags[id] = refs
	}
	return nil
}

// readMfra reads the index through the trailing mfro box; nil when the file has none.
func (mf *mediaFile) readMfra() ([]smooth.IndexEntry, error) {
	if mf.size < 16 {
		return nil, nil
	}
	var tail [16]byte
	if _, err := mf.f.ReadAt(tail[:], mf.size-16); err != nil {
		return nil, err
	}
	if string(tail[4:8]) != "mfro" {
		return nil, nil
	}
	mfraSize := int64(binary.BigEndian.Uint32(tail[12:]))
	if mfraSize < 16 || mfraSize > mf.size {
		return nil, fmt.Errorf("mfro names an mfra of %d bytes in a %d-byte file", mfraSize, mf.size)
	}
	b, err := mf.readBox(mf.size-mfraSize, mfraSize)
	if err != nil {
		return nil, err
	}
	entries, err := smooth.ParseMfra(b)
	if err != nil {
		return nil, fmt.Errorf("offset %d: %v", mf.size-mfraSize, err)
	}
	return entries, nil
}

// scanMoofs builds the index without mfra: every moof's track and tfxd time.
func (mf *mediaFile) scanMoofs(off int64) ([]smooth.IndexEntry, error) {
	var out []smooth.IndexEntry
	for off < mf.size {
		typ, size, _, err := mf.boxHeader(off)
		if err != nil {
			return nil, err
		}
		if typ == "moof" {
			b, err := mf.readBox(off, size)
			if err != nil {
				return nil, err
			}
			f, err := smooth.ParseFragment(b, smooth.FragmentOptions{})
			if err != nil {
				return nil, fmt.Errorf("moof at offset %d: %v", off, err)
			}
			if !f.HasTfxd {
				return nil, fmt.Errorf("moof at offset %d has no tfxd and the file has no mfra: fragment times unknown", off)
			}
			out = append(out, smooth.IndexEntry{TrackID: f.TrackID, Time: f.Time, MoofOffset: uint64(off)})
		}
		off += size
	}
	return out, nil
}

// locate finds the moof at off and the mdat after it.
func (mf *mediaFile) locate(off int64) (fragRef, error) {
	typ, size, _, err := mf.boxHeader(off)
	if err != nil {
		return fragRef{}, err
	}
	if typ != "moof" {
		return fragRef{}, fmt.Errorf("tfra points at a %q box at offset %d, not a moof", typ, off)
	}
	ref := fragRef{offset: off, moofSize: size, size: size}
	if off+size < mf.size {
		typ, msize, hdr, err := mf.boxHeader(off + size)
		if err != nil {
			return fragRef{}, err
		}
		if typ == "mdat" {
			ref.size += msize
			ref.mdatHeader = hdr
		}
	}
	return ref, nil
}

// track returns the file's track with the ID (0 = the first track).
func (mf *mediaFile) track(id uint32) (smooth.FileTrack, bool) {
	for _, t := range mf.tracks {
		if id == 0 || t.ID == id {
			return t, true
		}
	}
	return smooth.FileTrack{}, false
}

// fragment finds the fragment of track id that starts at t.
func (mf *mediaFile) fragment(id uint32, t uint64) (fragRef, int, bool) {
	refs := mf.frags[id]
	i := sort.Search(len(refs), func(i int) bool { return refs[i].time >= t })
	if i < len(refs) && refs[i].time == t {
		return refs[i], i, true
	}
	return fragRef{}, 0, false
}
