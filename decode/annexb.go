package decode

import "fmt"

// isAnnexB reports whether x starts with an Annex B start code (00 00 01 or
// 00 00 00 01): parameter sets as libavformat's RTP depacketizers put them in a
// stream's extradata (from the SDP's sprop-parameter-sets), not an avcC record.
func isAnnexB(x []byte) bool {
	return len(x) >= 4 && x[0] == 0 && x[1] == 0 && (x[2] == 1 || x[2] == 0 && x[3] == 1)
}

// AnnexBUnits splits Annex B bytes into their NAL units, start codes and the
// zero bytes before them (a 4-byte start code's, trailing_zero_8bits) removed. A
// NAL unit ends with its stop bit, never with a zero byte.
func AnnexBUnits(x []byte) [][]byte {
	var units [][]byte
	start := -1
	for i := 0; i+2 < len(x); {
		if x[i] == 0 && x[i+1] == 0 && x[i+2] == 1 {
			if start >= 0 {
				end := i
				for end > start && x[end-1] == 0 {
					end--
				}
				units = append(units, x[start:end])
			}
			i += 3
			start = i
			continue
		}
		i++
	}
	if start >= 0 && start < len(x) {
		units = append(units, x[start:])
	}
	return units
}

// checkAnnexB says what is wrong with H.264 parameter sets in Annex B form, or "":
// each unit is non-empty and there is at least one of each wanted NAL type.
func checkAnnexB(x []byte, want ...byte) string {
	seen := map[byte]bool{}
	for i, u := range AnnexBUnits(x) {
		if len(u) == 0 {
			return fmt.Sprintf("Annex B parameter set %d is empty", i)
		}
		seen[u[0]&0x1f] = true
	}
	for _, t := range want {
		if !seen[t] {
			return fmt.Sprintf("Annex B parameter sets have no NAL unit of type %d (7 SPS, 8 PPS)", t)
		}
	}
	return ""
}
