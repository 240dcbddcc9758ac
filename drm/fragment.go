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

// trafSampleEncryption reads a traf's sample encryption from its children: the
// 'senc' when there is one, else the PIFF SampleEncryptionBox; nil when there is neither.
func trafSampleEncryption(traf []rawChild, ivSize int) (*SampleEncryption, error) {
	for _, c := range traf {
		if c.Type == "senc" {
			se, err := ParseSampleEncryption(c.Payload, ivSize)
			if err != nil {
				return nil, fmt.Errorf("senc at byte %d of the traf: %w", c.Offset, err)
			}
			return se, nil
		}
	}
	for _, c := range traf {
		if c.Type == "uuid" && c.UUID == UUIDPIFFSampleEncryption {
			se, err := ParseSampleEncryption(c.Payload, ivSize)
			if err != nil {
				return nil, fmt.Errorf("PIFF sample encryption box at byte %d of the traf: %w", c.Offset, err)
			}
			return se, nil
		}
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
