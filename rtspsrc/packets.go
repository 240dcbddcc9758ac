package rtspsrc

import (
	"github.com/smoothie-player/smoothie/decode"
	"github.com/smoothie-player/smoothie/media"
)

// mtu is the RTP packet size senders fragment at (GStreamer's payloaders' and most
// cameras' default is 1400 bytes, RTP header included).
const mtu = 1400

// rtpPackets estimates how many RTP packets carried one frame of codec: libavformat
// hands out frames, not packets, and counts none. H.264 and HEVC: each NAL unit in
// one packet when it fits, else in fragmentation units (FU-A, 2 bytes of header
// each, the NAL header byte(s) carried in them); other payloads: the frame split at
// the MTU. A frame of n bytes is at least one packet.
func rtpPackets(codec media.Codec, frame []byte) int64 {
	const payload = mtu - 12
	switch codec {
	case media.CodecH264, media.CodecHEVC:
		hdr, fu := 1, 2
		if codec == media.CodecHEVC {
			hdr, fu = 2, 3
		}
		var n int64
		for _, u := range nalUnits(frame) {
			if len(u) <= payload {
				n++
				continue
			}
			per := payload - fu
			n += int64((len(u) - hdr + per - 1) / per)
		}
		return max(n, 1)
	}
	return max(int64((len(frame)+payload-1)/payload), 1)
}

// nalUnits splits an Annex B access unit into its NAL units (start codes
// removed); bytes without a start code are one unit.
func nalUnits(x []byte) [][]byte {
	units := decode.AnnexBUnits(x)
	if len(units) == 0 && len(x) > 0 && !hasStartCode(x) {
		return [][]byte{x} // not Annex B: one unit
	}
	return units
}

// hasStartCode reports whether x holds an Annex B start code (00 00 01).
func hasStartCode(x []byte) bool {
	for i := 0; i+2 < len(x); i++ {
		if x[i] == 0 && x[i+1] == 0 && x[i+2] == 1 {
			return true
		}
	}
	return false
}
