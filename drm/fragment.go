package drm

import "fmt"

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
