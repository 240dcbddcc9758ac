package audio

import (
	"encoding/binary"
	"math"

	"github.com/smoothie-player/smoothie/media"
)

// appendPCM appends b's samples as little-endian bytes, the layout oto reads.
func appendPCM(dst []byte, b *media.AudioBuffer) []byte {
	if b.Format == media.SampleS16 {
		for _, s := range b.S16 {
			dst = binary.LittleEndian.AppendUint16(dst, uint16(s))
		}
		return dst
	}
	for _, s := range b.F32 {
		dst = binary.LittleEndian.AppendUint32(dst, math.Float32bits(s))
	}
	return dst
}

// bytesPerSample is the size of one sample of one channel.
func bytesPerSample(f media.SampleFormat) int {
	if f == media.SampleS16 {
		return 2
	}
	return 4
}
