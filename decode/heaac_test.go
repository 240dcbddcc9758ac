package decode

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// TestNewAudioHEAACSignalling: FFmpeg's AAC decoder opens with each way a Smooth
// manifest signals HE-AAC (SBR implicit, in the stream; explicit, hierarchical with
// object type 5 or 29, or backward compatible with sync extensions 0x2b7 and 0x548),
// and refuses an HE-AAC config whose core is not AAC (smooth refuses it before: the
// manifest path never gets here with one). (Debian's
// FFmpeg cannot encode HE-AAC, so these are configs only; smooth's
// codecsetup_heaac_test.go checks they reach the decoder unchanged.)
func TestNewAudioHEAACSignalling(t *testing.T) {
	for _, tc := range []struct {
		name string
		cpd  string
		ok   bool
	}{
		{"implicit SBR", "1310", true},
		{"explicit SBR, hierarchical", "2B118800", true},
		{"explicit SBR, backward compatible", "131056E598", true},
		{"explicit PS, hierarchical", "EB098800", true},
		{"explicit PS, backward compatible", "130856E59D4880", true},
		{"explicit SBR over a core of object type 0", "2B118000", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			asc, _ := hex.DecodeString(tc.cpd)
			cfg := smooth.CodecConfig{Kind: media.KindAudio, Codec: smooth.CodecAAC, FourCC: "AACH", Extradata: asc, SampleRate: 48000, Channels: 2}
			a, err := NewAudio(cfg, AudioOptions{})
			if err == nil {
				a.Close()
			}
			if tc.ok && err != nil {
				t.Fatalf("%s: %v", tc.cpd, err)
			}
			if !tc.ok && (err == nil || !strings.Contains(err.Error(), "decode: aac:")) {
				t.Fatalf("%s: err %v, want a refusal naming the codec", tc.cpd, err)
			}
		})
	}
}
