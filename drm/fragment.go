package drm

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/Eyevinn/mp4ff/mp4"
)

// rawTrafs returns, for each traf of a moof (the whole box), its children.
func rawTrafs(moof []byte) ([][]rawChild, error) {
	if len(moof) < 8 {
		return nil, fmt.Errorf("moof: %d bytes", len(moof))
	}
	top, err := childBoxes(moof[8:])
	if err != nil {
		return nil, fmt.Errorf("moof: %w", err)
	}
	var out [][]rawChild
	for _, c := range top {
		if c.Type != "traf" {
			continue
		}
		kids, err := childBoxes(c.Payload)
		if err != nil {
			return nil, fmt.Errorf("traf %d: %w", len(out), err)
		}
		out = append(out, kids)
	}
	return out, nil
}

// trafSampleEncryption reads a traf's sample encryption: its 'senc', else its PIFF
// SampleEncryptionBox, each with IVs of ivSize bytes (a PIFF override wins). When
// both are there and the senc does not read with ivSize but the PIFF box does, the
// PIFF box is taken: a 'cbcs' track has a constant IV (in the moov, which a Smooth
// client never sees) and a senc without IVs, and its PIFF box carries the IV per
// sample for Smooth clients (with ivSize 0, a PIFF box that does not read without IVs
// is read with 16-byte ones).
func trafSampleEncryption(traf []rawChild, ivSize int) (*SampleEncryption, error) {
	var senc, piff *rawChild
	for i := range traf {
		switch c := &traf[i]; {
		case c.Type == "senc" && senc == nil:
			senc = c
		case c.Type == "uuid" && c.UUID == UUIDPIFFSampleEncryption && piff == nil:
			piff = c
		}
	}
	// The PIFF box of a constant-IV track (ivSize 0) carries that IV per sample.
	piffRead := func() (*SampleEncryption, error) {
		se, err := ParseSampleEncryption(piff.Payload, ivSize)
		if err != nil && ivSize == 0 {
			if se16, err16 := ParseSampleEncryption(piff.Payload, 16); err16 == nil {
				return se16, nil
			}
		}
		return se, err
	}
	if senc != nil {
		se, err := ParseSampleEncryption(senc.Payload, ivSize)
		if err == nil {
			if piff != nil {
				se.Override = piffOverride(piff.Payload) // the KID a 'senc' cannot name
			}
			return se, nil
		}
		if piff != nil {
			if pse, perr := piffRead(); perr == nil {
				return pse, nil
			}
		}
		return nil, fmt.Errorf("senc at byte %d of the traf: %w", senc.Offset, err)
	}
	if piff != nil {
		se, err := piffRead()
		if err != nil {
			return nil, fmt.Errorf("PIFF sample encryption box at byte %d of the traf: %w", piff.Offset, err)
		}
		return se, nil
	}
	return nil, nil
}

// ParseTrafEncryption reads the sample encryption of a traf box's payload (the bytes
// after its header): what trafSampleEncryption finds there.
func ParseTrafEncryption(trafPayload []byte, ivSize int) (*SampleEncryption, error) {
	kids, err := childBoxes(trafPayload)
	if err != nil {
		return nil, fmt.Errorf("traf: %w", err)
	}
	return trafSampleEncryption(kids, ivSize)
}

// MoofEncryption reads the sample encryption of a moof's first traf (moof is the whole
// box): which box held it ("senc" or "piff", "" when neither) and what it says.
func MoofEncryption(moof []byte, ivSize int) (string, *SampleEncryption, error) {
	trafs, err := rawTrafs(moof)
	if err != nil {
		return "", nil, err
	}
	if len(trafs) == 0 {
		return "", nil, nil
	}
	box := ""
	for _, c := range trafs[0] {
		if c.Type == "senc" {
			box = SchemeCENC
			break
		}
		if c.Type == "uuid" && c.UUID == UUIDPIFFSampleEncryption {
			box = SchemePIFF
		}
	}
	se, err := trafSampleEncryption(trafs[0], ivSize)
	return box, se, err
}

// piffOverride is the track encryption a PIFF SampleEncryptionBox payload overrides
// (flag 0x1: AlgorithmID, IV size, KID), nil when it overrides none or is not sound.
func piffOverride(p []byte) *TrackEncryption {
	if len(p) < 24 || p[3]&sencOverride == 0 {
		return nil
	}
	te := TrackEncryption{AlgorithmID: uint32(p[4])<<16 | uint32(p[5])<<8 | uint32(p[6]), IVSize: int(p[7])}
	copy(te.KID[:], p[8:24])
	if te.check("") != nil {
		return nil
	}
	return &te
}

// uuidMaskedPIFF stands in for the PIFF SampleEncryptionBox's uuid in
// MaskPIFFOverrides' copies: a uuid no box reader knows.
var uuidMaskedPIFF = [16]byte{'s', 'm', 'o', 'o', 't', 'h', 'i', 'e', '-', 'p', 'i', 'f', 'f', '-', 'o', 'v'}

// MaskPIFFOverrides returns a copy of moof (the whole box) in which every PIFF
// SampleEncryptionBox that overrides the track's encryption (flag 0x1, naming its
// KID: what a fragment of a presentation with a key per track carries) has another
// uuid, for box readers that refuse the override (mp4ff v0.56.0: "piff senc override
// flag (0x1) not supported") and would refuse the whole moof; MoofEncryption reads the
// original. Nil when moof has no such box (or does not split into boxes).
func MaskPIFFOverrides(moof []byte) []byte {
	if len(moof) < 8 || binary.BigEndian.Uint32(moof) == 1 || !bytes.Contains(moof, UUIDPIFFSampleEncryption[:]) {
		return nil // (a clear fragment, most of them: no box walk)
	}
	var out []byte
	top, err := childBoxes(moof[8:])
	if err != nil {
		return nil
	}
	for _, t := range top {
		if t.Type != "traf" || binary.BigEndian.Uint32(moof[8+t.Offset:]) == 1 {
			continue
		}
		kids, err := childBoxes(t.Payload)
		if err != nil {
			return nil
		}
		for _, c := range kids {
			if c.Type != "uuid" || c.UUID != UUIDPIFFSampleEncryption || piffOverride(c.Payload) == nil {
				continue
			}
			at := 8 + t.Offset + 8 + c.Offset // the child's header in moof
			if binary.BigEndian.Uint32(moof[at:]) == 1 {
				continue
			}
			if out == nil {
				out = append([]byte(nil), moof...)
			}
			copy(out[at+8:], uuidMaskedPIFF[:])
		}
	}
	return out
}

// maskFileOverrides is b with MaskPIFFOverrides applied to every top-level moof (b
// itself when none has an override), for mp4ff's file decoder.
func maskFileOverrides(b []byte) []byte {
	top, err := childBoxes(b)
	if err != nil {
		return b
	}
	out, copied := b, false
	for _, c := range top {
		if c.Type != "moof" {
			continue
		}
		end := c.Offset + 8 + len(c.Payload)
		if masked := MaskPIFFOverrides(b[c.Offset:end]); masked != nil {
			if !copied {
				out, copied = append([]byte(nil), b...), true
			}
			copy(out[c.Offset:end], masked)
		}
	}
	return out
}

// removeMaskedPIFF removes the PIFF boxes maskFileOverrides hid from traf (mp4ff's
// RemoveEncryptionBoxes does not know them) and returns the bytes removed.
func removeMaskedPIFF(traf *mp4.TrafBox) uint64 {
	masked := mp4.UUID(uuidMaskedPIFF[:]).String()
	var removed uint64
	kept := traf.Children[:0]
	for _, c := range traf.Children {
		if u, ok := c.(*mp4.UUIDBox); ok && u.UUID() == masked {
			removed += c.Size()
			continue
		}
		kept = append(kept, c)
	}
	traf.Children = kept
	return removed
}
