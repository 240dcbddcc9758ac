package smooth

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/Eyevinn/mp4ff/aac"
	"github.com/Eyevinn/mp4ff/hevc"

	"github.com/Eyevinn/mp4ff/bits"
	"github.com/Eyevinn/mp4ff/mp4"
	"github.com/smoothie-player/smoothie/drm"
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

// FileTrack is one trak of the moov, with what a client manifest needs to describe it.
type FileTrack struct {
	ID        uint32
	Kind      media.Kind
	Timescale uint32
	// FourCC is the Smooth Streaming FourCC (H264, HVC1, AACL, EC-3, …), empty if unknown.
	FourCC string
	// CodecPrivateData is the manifest's hex form: Annex-B parameter sets for H.264 and
	// HEVC, the AudioSpecificConfig for AAC.
	CodecPrivateData string
	Width, Height    int
	SampleRate       int
	Channels         int
	BitsPerSample    int
	// Language is the mdhd language (ISO 639-2/T), "und" when unset.
	Language string
	// Protection is the track's encryption (scheme, KID, IV size) when it is protected.
	Protection *drm.TrackProtection
	// ProtectionError says why a protected track's encryption could not be read.
	ProtectionError string
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
func ParseMediaFile(b []byte) (*MediaFile, error) {
	boxes, err := SplitBoxes(b)
	if err != nil {
		return nil, err
	}
	mf := &MediaFile{Boxes: boxes}
	for i, bx := range boxes {
		body := b[bx.Offset : bx.Offset+bx.Size]
		switch bx.Type {
		case "moov":
			if mf.Tracks, err = ParseMoovTracks(body); err != nil {
				return nil, &ParseError{Offset: int64(bx.Offset), Err: err}
			}
		case "mfra":
			if mf.Index, err = ParseMfra(body); err != nil {
				return nil, &ParseError{Offset: int64(bx.Offset), Err: err}
			}
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

// decodeOne decodes the single box in b (b starts with its header).
func decodeOne(b []byte) (box mp4.Box, err error) {
	defer func() {
		if r := recover(); r != nil {
			box, err = nil, fmt.Errorf("malformed box: %v", r)
		}
	}()
	return mp4.DecodeBoxSR(0, bits.NewFixedSliceReader(b))
}

// ParseMoovTracks reads the tracks of a moov box (b is the whole box).
func ParseMoovTracks(b []byte) ([]FileTrack, error) {
	box, err := decodeOne(b)
	if err != nil {
		return nil, fmt.Errorf("moov: %v", err)
	}
	moov, ok := box.(*mp4.MoovBox)
	if !ok {
		return nil, fmt.Errorf("want a moov box, got %q", box.Type())
	}
	var out []FileTrack
	prot := map[uint32]*drm.TrackProtection{}
	ps, perr := drm.Protections(moov)
	for i := range ps {
		prot[ps[i].TrackID] = &ps[i]
	}
	for _, trak := range moov.Traks {
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
		t.Language = trak.Mdia.Mdhd.GetLanguage()
		if trak.Mdia.Minf != nil && trak.Mdia.Minf.Stbl != nil && trak.Mdia.Minf.Stbl.Stsd != nil {
			sampleEntry(trak.Mdia.Minf.Stbl.Stsd, &t)
		}
		t.Protection = prot[t.ID]
		if perr != nil {
			t.ProtectionError = perr.Error()
		}
		out = append(out, t)
	}
	return out, nil
}

// ParseMfra reads the tfra entries of an mfra box (b is the whole box).
func ParseMfra(b []byte) ([]IndexEntry, error) {
	box, err := decodeOne(b)
	if err != nil {
		return nil, fmt.Errorf("mfra: %v", err)
	}
	mfra, ok := box.(*mp4.MfraBox)
	if !ok {
		return nil, fmt.Errorf("want an mfra box, got %q", box.Type())
	}
	var out []IndexEntry
	for _, tfra := range mfra.Tfras {
		for _, e := range tfra.Entries {
			out = append(out, IndexEntry{TrackID: tfra.TrackID, Time: e.Time, MoofOffset: e.MoofOffset})
		}
	}
	return out, nil
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

// sampleEntry fills the codec fields of t from the first sample entry.
func sampleEntry(stsd *mp4.StsdBox, t *FileTrack) {
	annexB := func(sets ...[][]byte) string {
		var b []byte
		for _, set := range sets {
			for _, n := range set {
				b = append(b, 0, 0, 0, 1)
				b = append(b, n...)
			}
		}
		return strings.ToUpper(hex.EncodeToString(b))
	}
	switch {
	case stsd.AvcX != nil && stsd.AvcX.AvcC != nil:
		t.FourCC = "H264"
		t.Width, t.Height = int(stsd.AvcX.Width), int(stsd.AvcX.Height)
		t.CodecPrivateData = annexB(stsd.AvcX.AvcC.SPSnalus, stsd.AvcX.AvcC.PPSnalus)
	case stsd.HvcX != nil && stsd.HvcX.HvcC != nil:
		t.FourCC = "HVC1"
		t.Width, t.Height = int(stsd.HvcX.Width), int(stsd.HvcX.Height)
		rec := stsd.HvcX.HvcC.DecConfRec
		t.CodecPrivateData = annexB(rec.GetNalusForType(hevc.NALU_VPS), rec.GetNalusForType(hevc.NALU_SPS), rec.GetNalusForType(hevc.NALU_PPS))
	case stsd.Mp4a != nil:
		a := stsd.Mp4a
		t.FourCC = "AACL"
		t.SampleRate, t.Channels, t.BitsPerSample = int(a.SampleRate), int(a.ChannelCount), int(a.SampleSize)
		if a.Esds != nil && a.Esds.DecConfigDescriptor != nil && a.Esds.DecConfigDescriptor.DecSpecificInfo != nil {
			cfg := a.Esds.DecConfigDescriptor.DecSpecificInfo.DecConfig
			t.CodecPrivateData = strings.ToUpper(hex.EncodeToString(cfg))
			if asc, err := aac.DecodeAudioSpecificConfig(bytes.NewReader(cfg)); err == nil && asc.ObjectType == aac.HEAACv1 {
				t.FourCC = "AACH"
			}
		}
	case stsd.EC3 != nil:
		t.FourCC = "EC-3"
		t.SampleRate, t.Channels, t.BitsPerSample = int(stsd.EC3.SampleRate), int(stsd.EC3.ChannelCount), int(stsd.EC3.SampleSize)
	}
}

// MarshalMfra writes the random-access index of a media file: one tfra per track (in
// the order tracks first appear in entries), each entry pointing at a moof, and the
// closing mfro. ParseMfra reads it back.
func MarshalMfra(entries []IndexEntry) ([]byte, error) {
	mfra := &mp4.MfraBox{}
	byTrack := map[uint32]*mp4.TfraBox{}
	for _, e := range entries {
		tfra, ok := byTrack[e.TrackID]
		if !ok {
			tfra = &mp4.TfraBox{Version: 1, TrackID: e.TrackID}
			byTrack[e.TrackID] = tfra
			if err := mfra.AddChild(tfra); err != nil {
				return nil, err
			}
		}
		tfra.Entries = append(tfra.Entries, mp4.TfraEntry{Time: e.Time, MoofOffset: e.MoofOffset, TrafNumber: 1, TrunNumber: 1, SampleNumber: 1})
	}
	mfro := &mp4.MfroBox{}
	if err := mfra.AddChild(mfro); err != nil {
		return nil, err
	}
	mfro.ParentSize = uint32(mfra.Size())
	var buf bytes.Buffer
	if err := mfra.Encode(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
