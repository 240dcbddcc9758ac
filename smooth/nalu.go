package smooth

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/Eyevinn/mp4ff/avc"
)

// ErrParameterSets is wrapped when a sample's in-band parameter sets contradict the manifest.
var ErrParameterSets = errors.New("in-band parameter sets differ from CodecPrivateData")

// CheckInBandParameterSets compares the SPS/PPS an H.264 sample carries in band, if
// any, with the ones the manifest's CodecPrivateData gave (cfg.Extradata). Other codecs
// and samples without parameter sets pass. A NAL length that does not fit the sample is
// an error too (a wrong NALUnitLengthField).
func CheckInBandParameterSets(cfg CodecConfig, sample []byte) error {
	if cfg.Codec != CodecH264 {
		return nil
	}
	rec, err := avc.DecodeAVCDecConfRec(cfg.Extradata)
	if err != nil {
		return fmt.Errorf("avcC: %v", err)
	}
	n := cfg.NALLengthSize
	for len(sample) >= n && n > 0 {
		var size int
		switch n {
		case 1:
			size = int(sample[0])
		case 2:
			size = int(binary.BigEndian.Uint16(sample))
		default:
			size = int(binary.BigEndian.Uint32(sample))
		}
		sample = sample[n:]
		if size <= 0 || size > len(sample) {
			return fmt.Errorf("NAL length %d does not fit the %d bytes left (NALUnitLengthField %d?)", size, len(sample), n)
		}
		nal := sample[:size]
		sample = sample[size:]
		switch avc.GetNaluType(nal[0]) {
		case avc.NALU_SPS:
			if len(rec.SPSnalus) > 0 && !bytes.Equal(nal, rec.SPSnalus[0]) {
				return fmt.Errorf("%w: SPS", ErrParameterSets)
			}
		case avc.NALU_PPS:
			if len(rec.PPSnalus) > 0 && !bytes.Equal(nal, rec.PPSnalus[0]) {
				return fmt.Errorf("%w: PPS", ErrParameterSets)
			}
		}
	}
	return nil
}
