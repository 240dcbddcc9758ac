package decode

import (
	"errors"
	"testing"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// avcC for H.264 Baseline 3.0 with a 4-byte SPS and 2-byte PPS (structure only).
var testAvcC = []byte{1, 0x42, 0, 0x1e, 0xff, 0xe1, 0, 4, 0x67, 0x42, 0, 0x1e, 1, 0, 2, 0x68, 0xce}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  smooth.CodecConfig
		want error
	}{
		{"h264", smooth.CodecConfig{Codec: smooth.CodecH264, Extradata: testAvcC}, nil},
		{"h264 as audio", smooth.CodecConfig{Kind: media.KindAudio, Codec: smooth.CodecH264, Extradata: testAvcC}, ErrUnknownCodec},
		{"aac", smooth.CodecConfig{Codec: smooth.CodecAAC, Extradata: []byte{0x11, 0x90}}, nil},
		{"eac3 without extradata", smooth.CodecConfig{Codec: smooth.CodecEAC3}, nil},
		{"ttml", smooth.CodecConfig{Codec: smooth.CodecTTML}, ErrUnknownCodec},
		{"vc1 short", smooth.CodecConfig{Codec: smooth.CodecVC1, Extradata: []byte{0, 0, 1, 0x0f}}, ErrBadExtradata},
		{"wma2 without block align", smooth.CodecConfig{Codec: smooth.CodecWMA2, Extradata: []byte{0, 0, 0, 0, 1, 0}, SampleRate: 44100, Channels: 2}, ErrBadConfig},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(tc.cfg)
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("Check: %v, want %v", err, tc.want)
			}
		})
	}
}
