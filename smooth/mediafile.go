package smooth

import (
	"errors"
	"fmt"

	"github.com/Eyevinn/mp4ff/bits"
	"github.com/Eyevinn/mp4ff/mp4"
	"github.com/smoothie-player/smoothie/media"
)

// MediaFile is the layout of an .ismv/.isma file: its top-level boxes, its tracks
// from moov, and the random-access index from mfra/tfra that an origin uses to find
// a fragment by time.
type MediaFile struct {
	Boxes  []BoxInfo
	Tracks []FileTrack
	Index  []IndexEntry
	// Fragments are the moof(+mdat) byte ranges in file order.
	Fragments []ByteRange
}

// FileTrack is one trak of the moov.
type FileTrack struct {
	ID        uint32
	Kind      media.Kind
	Timescale uint32
}

// IndexEntry is one tfra entry: the moof at MoofOffset starts track TrackID's fragment at Time.
type IndexEntry struct {
	TrackID    uint32
	Time       uint64
	MoofOffset uint64
}

// ByteRange is a span of the file.
type ByteRange struct {
	Offset, Size uint64
}

// ParseMediaFile reads the layout of an .ismv/.isma byte stream (moov and mfra are
// decoded; fragments are only located).
func ParseMediaFile(b []byte) (mf *MediaFile, err error) {
	defer func() {
		if r := recover(); r != nil {
			mf, err = nil, &ParseError{Offset: 0, Err: fmt.Errorf("malformed media file: %v", r)}
		}
	}()
	boxes, err := SplitBoxes(b)
	if err != nil {
		return nil, err
	}
	mf = &MediaFile{Boxes: boxes}
	for i, bx := range boxes {
		switch bx.Type {
		case "moov", "mfra":
			sr := bits.NewFixedSliceReader(b[:bx.Offset+bx.Size])
			sr.SetPos(int(bx.Offset))
			box, err := mp4.DecodeBoxSR(bx.Offset, sr)
			if err != nil {
				return nil, &ParseError{Offset: int64(bx.Offset), Err: fmt.Errorf("%s: %v", bx.Type, err)}
			}
			mf.add(box)
		case "moof":
			r := ByteRange{Offset: bx.Offset, Size: bx.Size}
			if i+1 < len(boxes) && boxes[i+1].Type == "mdat" {
				r.Size += boxes[i+1].Size
			}
			mf.Fragments = append(mf.Fragments, r)
		}
	}
	if len(mf.Fragments) == 0 && len(mf.Tracks) == 0 {
		return nil, &ParseError{Offset: 0, Err: errors.New("no moov and no moof: not a Smooth Streaming media file")}
	}
	return mf, nil
}

func (mf *MediaFile) add(box mp4.Box) {
	switch b := box.(type) {
	case *mp4.MoovBox:
		for _, trak := range b.Traks {
			if trak.Tkhd == nil || trak.Mdia == nil || trak.Mdia.Mdhd == nil {
				continue
			}
			t := FileTrack{ID: trak.Tkhd.TrackID, Timescale: trak.Mdia.Mdhd.Timescale}
			if trak.Mdia.Hdlr != nil {
				switch trak.Mdia.Hdlr.HandlerType {
				case "vide":
					t.Kind = media.KindVideo
				case "soun":
					t.Kind = media.KindAudio
				case "text", "subt", "sbtl":
					t.Kind = media.KindText
				}
			}
			mf.Tracks = append(mf.Tracks, t)
		}
	case *mp4.MfraBox:
		for _, tfra := range b.Tfras {
			for _, e := range tfra.Entries {
				mf.Index = append(mf.Index, IndexEntry{TrackID: tfra.TrackID, Time: e.Time, MoofOffset: e.MoofOffset})
			}
		}
	}
}

// FragmentAt returns the fragment (moof+mdat) starting at byte offset off.
func (mf *MediaFile) FragmentAt(b []byte, off uint64) ([]byte, bool) {
	for _, r := range mf.Fragments {
		if r.Offset == off && r.Offset+r.Size <= uint64(len(b)) {
			return b[r.Offset : r.Offset+r.Size], true
		}
	}
	return nil, false
}
