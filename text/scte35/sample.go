package scte35

import "fmt"

// scanLimit is how far into a sample DecodeSample looks for a section.
const scanLimit = 256

// DecodeSample decodes a sparse-track sample: either the splice_info_section
// itself, or one wrapped in a header (such as the {version, id,
// presentation_time_delta, message} of Azure Media Services' sparse fragments or
// an emsg-like box), found as the first table_id within the first 256 bytes at
// which a whole section with a valid CRC_32 decodes. Without one it returns
// Decode's error for the sample as given.
func DecodeSample(b []byte) (*SpliceInfo, error) {
	s, err := Decode(b)
	if err == nil {
		return s, nil
	}
	for i := 1; i < len(b) && i < scanLimit; i++ {
		if b[i] != TableID {
			continue
		}
		if s, err2 := Decode(b[i:]); err2 == nil {
			return s, nil
		}
	}
	return nil, fmt.Errorf("%w (no section found in the first %d bytes)", err, scanLimit)
}
