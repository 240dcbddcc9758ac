package drm

import (
	"fmt"

	"github.com/Eyevinn/mp4ff/mp4"
)

// TrackProtection is a protected track's encryption as its moov describes it: the
// scheme ('schm'), the track encryption ('tenc', else the PIFF TrackEncryptionBox) and
// the cbcs pattern and constant IV.
type TrackProtection struct {
	TrackID uint32
	Scheme  string
	Track   TrackEncryption
	Config  DecrypterConfig
	// PIFF says whether the PIFF TrackEncryptionBox is there.
	PIFF bool
}

// Protections lists the protected tracks of a moov (a clear track is not listed).
func Protections(moov *mp4.MoovBox) ([]TrackProtection, error) {
	var out []TrackProtection
	for _, trak := range moov.Traks {
		if trak.Mdia == nil || trak.Mdia.Minf == nil || trak.Mdia.Minf.Stbl == nil || trak.Mdia.Minf.Stbl.Stsd == nil || trak.Tkhd == nil {
			continue
		}
		for _, c := range trak.Mdia.Minf.Stbl.Stsd.Children {
			sinf := entrySinf(c)
			if sinf == nil {
				continue
			}
			tp, err := sinfProtection(sinf)
			if err != nil {
				return nil, fmt.Errorf("track %d: %w", trak.Tkhd.TrackID, err)
			}
			tp.TrackID = trak.Tkhd.TrackID
			out = append(out, tp)
			break
		}
	}
	return out, nil
}

// entrySinf is a sample entry's sinf, nil for a clear one.
func entrySinf(c mp4.Box) *mp4.SinfBox {
	switch se := c.(type) {
	case *mp4.VisualSampleEntryBox:
		return se.Sinf
	case *mp4.AudioSampleEntryBox:
		return se.Sinf
	}
	return nil
}

func sinfProtection(sinf *mp4.SinfBox) (TrackProtection, error) {
	var tp TrackProtection
	if sinf.Schm == nil {
		return tp, fmt.Errorf("sinf without schm (no scheme)")
	}
	tp.Scheme = sinf.Schm.SchemeType
	if sinf.Schi != nil {
		for _, c := range sinf.Schi.Children {
			u, ok := c.(*mp4.UUIDBox)
			if !ok || u.UUID() != mp4.UUIDPiffTenc {
				continue
			}
			b, err := encodeBox(u)
			if err != nil {
				return tp, err
			}
			te, err := ParsePIFFTrackEncryption(b[24:])
			if err != nil {
				return tp, err
			}
			tp.Track, tp.PIFF = te, true
		}
	}
	if sinf.Schi != nil && sinf.Schi.Tenc != nil {
		t := sinf.Schi.Tenc
		if len(t.DefaultKID) != 16 {
			return tp, fmt.Errorf("tenc KID of %d bytes", len(t.DefaultKID))
		}
		tp.Track.IVSize = int(t.DefaultPerSampleIVSize)
		copy(tp.Track.KID[:], t.DefaultKID)
		tp.Track.AlgorithmID = AlgorithmAESCTR
		if tp.Scheme == SchemeCBCS {
			tp.Track.AlgorithmID = AlgorithmAESCBC
		}
		tp.Config.CryptByteBlock, tp.Config.SkipByteBlock = int(t.DefaultCryptByteBlock), int(t.DefaultSkipByteBlock)
		tp.Config.ConstantIV = t.DefaultConstantIV
	} else if !tp.PIFF {
		return tp, fmt.Errorf("scheme %q without tenc or PIFF track encryption box", tp.Scheme)
	}
	if tp.Scheme == SchemePIFF && tp.Track.AlgorithmID != AlgorithmAESCTR {
		return tp, fmt.Errorf("PIFF AlgorithmID %d: only AES-CTR (1) is supported", tp.Track.AlgorithmID)
	}
	tp.Config.Scheme = tp.Scheme
	return tp, nil
}
