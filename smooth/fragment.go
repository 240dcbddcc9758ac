package smooth

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/Eyevinn/mp4ff/bits"
	"github.com/Eyevinn/mp4ff/mp4"
	"github.com/smoothie-player/smoothie/drm"
	"github.com/smoothie-player/smoothie/media"
)

// MaxFragmentSize caps a fragment response: larger is refused, not buffered.
const MaxFragmentSize = 256 << 20

// DefaultIVSize is the per-sample IV size of PlayReady/PIFF content when nothing says otherwise.
const DefaultIVSize = 8

// FragmentOptions says what the manifest knows about a fragment before it is parsed.
type FragmentOptions struct {
	// Timescale of the stream; samples carry it.
	Timescale uint64
	// Start is the fragment's time from the manifest timeline, used when there is no tfxd.
	Start uint64
	// IVSize is the per-sample IV size for sample encryption (0 means DefaultIVSize,
	// -1 none: a constant IV, as 'cbcs' has).
	IVSize int
	// Kind of the track: audio samples are all sync samples whatever the flags say.
	Kind media.Kind
	// Boxes asks for the box list (for inspectors); the playback path leaves it off.
	Boxes bool
}

// MediaFragment is a parsed Smooth Streaming fragment response (moof, then mdat).
type MediaFragment struct {
	Sequence uint32
	// TrackID is tfhd's track_ID. Players ignore it (it is arbitrary in Smooth
	// responses); in an .ismv file it says which trak the fragment belongs to.
	TrackID uint32
	// Time is the absolute start: from tfxd when present, else FragmentOptions.Start.
	Time uint64
	// Duration from tfxd, else the sum of the sample durations.
	Duration uint64
	HasTfxd  bool
	// Lookahead are the following fragments a tfrf announces (live).
	Lookahead []Fragment
	Samples   []media.Sample
	// HasData is false for a FragmentInfo response (moof without mdat): samples then
	// have times and sizes but no Data.
	HasData bool
	// Encryption is "piff" (uuid SampleEncryptionBox), "cenc" (senc) or "" (clear).
	Encryption string
	// IVSize is the per-sample IV size the sample encryption was read with (the PIFF
	// box's own when it overrides), Subsamples the subsamples of all its samples, and
	// OverrideKID the KID a PIFF box names itself (hex), "" when it does not.
	IVSize      int
	Subsamples  int
	OverrideKID string
	// OffsetFixed is true when trun's data offset pointed outside the mdat and the
	// samples were read from the start of the mdat payload instead.
	OffsetFixed bool
	// Boxes lists the boxes when FragmentOptions.Boxes is set.
	Boxes []BoxInfo
}

// BoxInfo is one box of a fragment, for inspectors.
type BoxInfo struct {
	Type   string
	Offset uint64
	Size   uint64
	Depth  int
}

// ParseFragment parses a fragment response. Sample Data are slices of b (no copy).
// Errors are *ParseError with the byte offset.
func ParseFragment(b []byte, opts FragmentOptions) (*MediaFragment, error) {
	f := &MediaFragment{}
	if err := ParseFragmentInto(f, b, opts); err != nil {
		return nil, err
	}
	return f, nil
}

// ParseFragmentInto is ParseFragment into dst, reusing dst's sample slice: a player
// that is done with the previous fragment's samples parses the next without
// allocating them again.
func ParseFragmentInto(dst *MediaFragment, b []byte, opts FragmentOptions) (err error) {
	samples := dst.Samples[:0]
	*dst = MediaFragment{Samples: samples}
	f := dst
	defer func() {
		// mp4ff is fuzzed but this is a network input: a decoder panic is a bad fragment.
		if r := recover(); r != nil {
			err = &ParseError{Offset: 0, Err: fmt.Errorf("malformed fragment: %v", r)}
		}
	}()
	if len(b) > MaxFragmentSize {
		return &ParseError{Offset: 0, Err: fmt.Errorf("fragment %w: %d bytes, limit %d MiB", ErrTooLarge, len(b), MaxFragmentSize>>20)}
	}
	sr := bits.NewFixedSliceReader(b)
	var moof *mp4.MoofBox
	var mdat *mp4.MdatBox
	pos := uint64(0)
	for pos < uint64(len(b)) {
		if len(b)-int(pos) < 8 {
			return &ParseError{Offset: int64(pos), Err: fmt.Errorf("truncated box header (%d bytes left)", len(b)-int(pos))}
		}
		box, derr := decodeBox(b, pos, sr)
		if derr != nil {
			return &ParseError{Offset: int64(pos), Err: fmt.Errorf("box: %v", derr)}
		}
		size := box.Size()
		if opts.Boxes {
			f.Boxes = appendBoxes(f.Boxes, box, pos, 0)
		}
		switch bx := box.(type) {
		case *mp4.MoofBox:
			if moof != nil {
				return &ParseError{Offset: int64(pos), Err: errors.New("second moof: a fragment response holds one")}
			}
			moof = bx
		case *mp4.MdatBox:
			if moof == nil {
				return &ParseError{Offset: int64(pos), Err: errors.New("mdat before moof")}
			}
			if mdat == nil {
				mdat = bx
			}
		}
		if size == 0 {
			break
		}
		pos += size
	}
	if moof == nil {
		return &ParseError{Offset: 0, Err: errors.New("no moof box: not a fragment")}
	}
	if err := f.fill(b, moof, mdat, opts); err != nil {
		return &ParseError{Offset: int64(moof.StartPos), Err: err}
	}
	return nil
}

func appendBoxes(out []BoxInfo, box mp4.Box, pos uint64, depth int) []BoxInfo {
	t := box.Type()
	if u, ok := box.(*mp4.UUIDBox); ok {
		if st := u.SubType(); st != "" {
			t = "uuid:" + st
		}
	}
	out = append(out, BoxInfo{Type: t, Offset: pos, Size: box.Size(), Depth: depth})
	if c, ok := box.(mp4.ContainerBox); ok {
		p := pos + 8
		for _, ch := range c.GetChildren() {
			out = appendBoxes(out, ch, p, depth+1)
			p += ch.Size()
		}
	}
	return out
}

func (f *MediaFragment) fill(b []byte, moof *mp4.MoofBox, mdat *mp4.MdatBox, opts FragmentOptions) error {
	if moof.Mfhd != nil {
		f.Sequence = moof.Mfhd.SequenceNumber
	}
	traf := moof.Traf
	if traf == nil || traf.Tfhd == nil {
		return errors.New("moof has no traf with tfhd")
	}
	f.Time = opts.Start
	f.TrackID = traf.Tfhd.TrackID
	for _, c := range traf.Children {
		u, ok := c.(*mp4.UUIDBox)
		if !ok {
			continue
		}
		switch {
		case u.Tfxd != nil:
			f.HasTfxd = true
			f.Time = u.Tfxd.FragmentAbsoluteTime
			f.Duration = u.Tfxd.FragmentAbsoluteDuration
		case u.Tfrf != nil:
			n := int(u.Tfrf.FragmentCount)
			if n > len(u.Tfrf.FragmentAbsoluteTimes) || n > len(u.Tfrf.FragmentAbsoluteDurations) {
				return fmt.Errorf("tfrf announces %d fragments but holds %d", n, len(u.Tfrf.FragmentAbsoluteTimes))
			}
			for i := 0; i < n; i++ {
				f.Lookahead = append(f.Lookahead, Fragment{Start: u.Tfrf.FragmentAbsoluteTimes[i], Duration: u.Tfrf.FragmentAbsoluteDurations[i]})
			}
		}
	}
	iv := opts.IVSize
	switch {
	case iv == 0:
		iv = DefaultIVSize
	case iv < 0:
		iv = 0
	}
	if moof.StartPos+moof.Size() > uint64(len(b)) {
		return errors.New("moof runs past the response")
	}
	box, senc, err := drm.MoofEncryption(b[moof.StartPos:moof.StartPos+moof.Size()], iv)
	if err != nil {
		return err
	}
	f.Encryption = box
	if senc != nil {
		f.IVSize = iv
		if len(senc.Samples) > 0 && len(senc.Samples[0].IV) != iv {
			f.IVSize = len(senc.Samples[0].IV) // a cbcs PIFF box's IVs beside a senc without
		}
		if senc.Override != nil {
			f.IVSize = senc.Override.IVSize
			f.OverrideKID = senc.Override.KID.String()
		}
		for _, s := range senc.Samples {
			f.Subsamples += len(s.Subsamples)
		}
	}
	return f.samples(moof, traf, mdat, senc, opts)
}

func (f *MediaFragment) samples(moof *mp4.MoofBox, traf *mp4.TrafBox, mdat *mp4.MdatBox, senc *drm.SampleEncryption, opts FragmentOptions) error {
	tfhd := traf.Tfhd
	total := 0
	for _, trun := range traf.Truns {
		total += int(trun.SampleCount())
	}
	// Filled in place: building each Sample and appending it costs a copy with write
	// barriers per sample.
	if cap(f.Samples) >= total {
		f.Samples = f.Samples[:total]
		clear(f.Samples)
	} else {
		f.Samples = make([]media.Sample, total)
	}
	f.HasData = mdat != nil
	var sdtp *mp4.SdtpBox
	for _, c := range traf.Children {
		if s, ok := c.(*mp4.SdtpBox); ok {
			sdtp = s
		}
	}
	var payload []byte
	var payloadStart int64
	if mdat != nil {
		payload = mdat.Data
		payloadStart = int64(mdat.PayloadAbsoluteOffset())
	}
	audio := opts.Kind == media.KindAudio
	t := f.Time
	var sum, dataOff uint64
	idx := 0
	for ti, trun := range traf.Truns {
		if mdat != nil {
			base := moof.StartPos
			if tfhd.HasBaseDataOffset() {
				base = tfhd.BaseDataOffset
			}
			// Without a data offset, a later trun continues after the previous one's data.
			if trun.HasDataOffset() || ti == 0 {
				abs := int64(base)
				if trun.HasDataOffset() {
					abs += int64(trun.DataOffset)
				}
				if abs < payloadStart || abs > payloadStart+int64(len(payload)) {
					// Live servers insert tfrf into a moof without fixing trun's data
					// offset (seen in dash.js's test fragment). Smooth fragments carry one
					// track, so the samples start at the mdat payload.
					abs = payloadStart
					f.OffsetFixed = true
				}
				dataOff = uint64(abs - payloadStart)
			}
		}
		durOK, sizeOK, flagsOK := trun.HasSampleDuration(), trun.HasSampleSize(), trun.HasSampleFlags()
		firstFlags, firstOK := trun.FirstSampleFlags()
		for i := range trun.Samples {
			s := &trun.Samples[i]
			dur, size, flags := s.Dur, s.Size, s.Flags
			if !durOK {
				dur = tfhd.DefaultSampleDuration
			}
			if !sizeOK {
				size = tfhd.DefaultSampleSize
			}
			explicit := true
			switch {
			case flagsOK:
			case i == 0 && firstOK:
				flags = firstFlags
			case tfhd.HasDefaultSampleFlags():
				flags = tfhd.DefaultSampleFlags
			default:
				flags, explicit = 0, false
			}
			ms := &f.Samples[idx]
			ms.Time, ms.Duration, ms.CompositionOffset, ms.Timescale = t, dur, s.CompositionTimeOffset, opts.Timescale
			switch {
			case audio:
				ms.Keyframe = true
			case !explicit && sdtp != nil && idx < len(sdtp.Entries):
				ms.Keyframe = sdtp.Entries[idx].SampleDependsOn() == 2
			default:
				ms.Keyframe = mp4.IsSyncSampleFlags(flags)
			}
			if mdat != nil {
				end := dataOff + uint64(size)
				if end > uint64(len(payload)) {
					return fmt.Errorf("sample %d (%d bytes at mdat offset %d) runs past the mdat's %d bytes", idx, size, dataOff, len(payload))
				}
				ms.Data = payload[dataOff:end:end]
				dataOff = end
			}
			if senc != nil && idx < len(senc.Samples) {
				si := senc.Samples[idx]
				e := &media.SampleEncryption{IV: si.IV}
				for _, ss := range si.Subsamples {
					e.Subsamples = append(e.Subsamples, media.Subsample{Clear: ss.Clear, Protected: ss.Protected})
				}
				ms.Encryption = e
			}
			t += uint64(dur)
			sum += uint64(dur)
			idx++
		}
	}
	if !f.HasTfxd {
		f.Duration = sum
	}
	return nil
}

// decodeBox decodes the box at pos of b through sr (positioned there). A moof whose
// PIFF SampleEncryptionBoxes name their KID (the override flag, which mp4ff refuses)
// is decoded from a copy in which those boxes are unknown uuid boxes; fill reads the
// sample encryption from b itself.
func decodeBox(b []byte, pos uint64, sr *bits.FixedSliceReader) (mp4.Box, error) {
	if rest := b[pos:]; len(rest) >= 8 && string(rest[4:8]) == "moof" {
		if size := uint64(binary.BigEndian.Uint32(rest)); size >= 8 && size <= uint64(len(rest)) {
			if masked := drm.MaskPIFFOverrides(rest[:size]); masked != nil {
				box, err := mp4.DecodeBoxSR(pos, bits.NewFixedSliceReader(masked))
				if err == nil {
					sr.SetPos(int(pos + size))
				}
				return box, err
			}
		}
	}
	return mp4.DecodeBoxSR(pos, sr)
}
