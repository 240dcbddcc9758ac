package rtspsrc

import (
	"bytes"
	"testing"

	"github.com/smoothie-player/smoothie/media"
)

func TestRTPPackets(t *testing.T) {
	sc := []byte{0, 0, 0, 1}
	nal := func(n int) []byte { return append(append([]byte(nil), sc...), bytes.Repeat([]byte{0x65}, n)...) }
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	for _, tc := range []struct {
		name  string
		codec media.Codec
		frame []byte
		want  int64
	}{
		{"small NAL", media.CodecH264, nal(500), 1},
		{"NAL at the payload size", media.CodecH264, nal(1388), 1},
		{"NAL one over", media.CodecH264, nal(1389), 2},
		{"SPS, PPS and a 5000-byte IDR", media.CodecH264, cat(nal(20), nal(4), nal(5000)), 2 + 4},
		{"HEVC 3000 bytes", media.CodecHEVC, nal(3000), 3},
		{"AAC frame", media.CodecAAC, make([]byte, 300), 1},
		{"PCMU 20 ms", media.CodecPCMU, make([]byte, 160), 1},
		{"big audio frame", media.CodecOpus, make([]byte, 3000), 3},
		{"empty", media.CodecAAC, nil, 1},
	} {
		if got := rtpPackets(tc.codec, tc.frame); got != tc.want {
			t.Errorf("%s: %d packets, want %d", tc.name, got, tc.want)
		}
	}
}

func FuzzNALUnits(f *testing.F) {
	f.Add([]byte{0, 0, 0, 1, 0x67, 0, 0, 1, 0x68})
	f.Add([]byte{0, 0, 1})
	f.Fuzz(func(t *testing.T, x []byte) {
		n := 0
		for _, u := range nalUnits(x) {
			n += len(u)
		}
		if n > len(x) {
			t.Fatalf("units hold %d bytes of %d", n, len(x))
		}
		if got := rtpPackets(media.CodecH264, x); got < 1 {
			t.Fatalf("%d packets", got)
		}
	})
}
