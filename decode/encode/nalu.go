package encode

import (
	"encoding/binary"
	"errors"
)

// splitAnnexB returns the NAL units of an Annex-B byte stream, without start codes.
func splitAnnexB(b []byte) [][]byte {
	var nalus [][]byte
	start := -1
	i := 0
	for i+2 < len(b) {
		if b[i] == 0 && b[i+1] == 0 && b[i+2] == 1 {
			if start >= 0 {
				end := i
				for end > start && b[end-1] == 0 {
					end--
				}
				nalus = append(nalus, b[start:end])
			}
			i += 3
			start = i
			continue
		}
		i++
	}
	if start >= 0 && start < len(b) {
		nalus = append(nalus, b[start:])
	}
	return nalus
}

// lengthPrefixed rewrites an Annex-B access unit as 4-byte length-prefixed NAL units.
// An access unit that is already length-prefixed (no start code) is returned as is.
func lengthPrefixed(b []byte) ([]byte, error) {
	nalus := splitAnnexB(b)
	if len(nalus) == 0 {
		if len(b) == 0 {
			return nil, errors.New("empty access unit")
		}
		return b, nil
	}
	n := 0
	for _, u := range nalus {
		n += 4 + len(u)
	}
	out := make([]byte, 0, n)
	for _, u := range nalus {
		out = binary.BigEndian.AppendUint32(out, uint32(len(u)))
		out = append(out, u...)
	}
	return out, nil
}

// ParamSets are a video stream's parameter sets, each one NAL unit without start code.
type ParamSets struct {
	VPS, SPS, PPS [][]byte
}

// AnnexB returns the parameter sets as an Annex-B byte string, the form Smooth
// Streaming's CodecPrivateData carries: SPS and PPS for H.264, VPS, SPS and PPS for
// HEVC (a decoder cannot be configured without the VPS).
func (p ParamSets) AnnexB() []byte {
	var out []byte
	for _, set := range [][][]byte{p.VPS, p.SPS, p.PPS} {
		for _, u := range set {
			out = append(out, 0, 0, 0, 1)
			out = append(out, u...)
		}
	}
	return out
}

// parseParamSets sorts the NAL units of Annex-B extradata into parameter sets.
func parseParamSets(codec Codec, extradata []byte) (ParamSets, error) {
	var p ParamSets
	for _, u := range splitAnnexB(extradata) {
		if len(u) == 0 {
			continue
		}
		switch codec {
		case CodecHEVC:
			switch (u[0] >> 1) & 0x3f {
			case 32:
				p.VPS = append(p.VPS, u)
			case 33:
				p.SPS = append(p.SPS, u)
			case 34:
				p.PPS = append(p.PPS, u)
			}
		default:
			switch u[0] & 0x1f {
			case 7:
				p.SPS = append(p.SPS, u)
			case 8:
				p.PPS = append(p.PPS, u)
			}
		}
	}
	if len(p.SPS) == 0 || len(p.PPS) == 0 {
		return p, errors.New("encoder extradata has no SPS/PPS")
	}
	if codec == CodecHEVC && len(p.VPS) == 0 {
		return p, errors.New("encoder extradata has no VPS")
	}
	return p, nil
}
