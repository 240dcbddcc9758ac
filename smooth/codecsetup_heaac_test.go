package smooth

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/Eyevinn/mp4ff/aac"
	"github.com/smoothie-player/smoothie/media"
)

// HE-AAC AudioSpecificConfigs as Smooth manifests carry them (FourCC AACH, or AACL
// with SBR signalled inside): 48 kHz output, a 24 kHz AAC-LC core.
var heAACConfigs = []struct {
	name string
	cpd  string
	// what the ASC says: object type, core rate, channels, SBR/PS signalled
	objType       byte
	rate, extRate int
	ch            byte
	sbr, ps       bool
}{
	// implicit: a plain AAC-LC config at the core rate; the decoder finds SBR in the stream
	{"implicit SBR", "1310", aac.AAClc, 24000, 0, 2, false, false},
	// explicit, hierarchical: object type 5 (SBR), then the core's type
	{"explicit SBR, hierarchical", "2B118800", aac.HEAACv1, 24000, 48000, 2, true, false},
	// explicit, backward compatible: AAC-LC, then sync extension 0x2b7 with SBR
	{"explicit SBR, backward compatible", "131056E598", aac.AAClc, 24000, 0, 2, false, false},
	// HE-AAC v2, hierarchical: object type 29 (PS), mono core
	{"explicit PS, hierarchical", "EB098800", aac.HEAACv2, 24000, 48000, 1, true, true},
	// HE-AAC v2, backward compatible: sync extensions 0x2b7 (SBR) and 0x548 (PS)
	{"explicit PS, backward compatible", "130856E59D4880", aac.AAClc, 24000, 0, 1, false, false},
}

// TestCodecConfigHEAAC: each way of signalling SBR and PS reaches the decoder as the
// manifest wrote it (the backward-compatible extensions after the core config
// included), whether the FourCC says AACH or AACL.
func TestCodecConfigHEAAC(t *testing.T) {
	for _, tc := range heAACConfigs {
		for _, fourcc := range []string{"AACH", "AACL"} {
			t.Run(tc.name+" "+fourcc, func(t *testing.T) {
				s := StreamIndex{Type: media.KindAudio}
				q := QualityLevel{FourCC: fourcc, CodecPrivateData: tc.cpd, SamplingRate: 48000, Channels: 2}
				cfg, err := s.CodecConfig(&q)
				if err != nil {
					t.Fatal(err)
				}
				if got := strings.ToUpper(hex.EncodeToString(cfg.Extradata)); got != tc.cpd {
					t.Fatalf("extradata %s, want the CodecPrivateData %s as it is", got, tc.cpd)
				}
				asc, err := aac.DecodeAudioSpecificConfig(bytes.NewReader(cfg.Extradata))
				if err != nil {
					t.Fatal(err)
				}
				if asc.ObjectType != tc.objType || asc.SamplingFrequency != tc.rate || asc.ExtensionFrequency != tc.extRate ||
					asc.ChannelConfiguration != tc.ch || asc.SBRPresentFlag != tc.sbr || asc.PSPresentFlag != tc.ps {
					t.Errorf("ASC %+v", asc)
				}
				if cfg.SampleRate != 48000 || cfg.Codec != CodecAAC {
					t.Errorf("cfg %+v: the manifest's output rate, AAC", cfg)
				}
			})
		}
	}
}

// TestCodecConfigHEAACWithoutCPD: an AACH level without CodecPrivateData gets an
// explicit (hierarchical) HE-AAC config at half its SamplingRate; below 16 kHz there
// is no room for SBR and it stays AAC-LC; a broken HE-AAC config is refused.
func TestCodecConfigHEAACWithoutCPD(t *testing.T) {
	for _, tc := range []struct {
		rate          int
		objType       byte
		core, extRate int
	}{{48000, aac.HEAACv1, 24000, 48000}, {44100, aac.HEAACv1, 22050, 44100}, {32000, aac.HEAACv1, 16000, 32000}, {8000, aac.AAClc, 8000, 0}} {
		s := StreamIndex{Type: media.KindAudio}
		cfg, err := s.CodecConfig(&QualityLevel{FourCC: "AACH", SamplingRate: tc.rate, Channels: 2})
		if err != nil {
			t.Fatalf("%d Hz: %v", tc.rate, err)
		}
		asc, err := aac.DecodeAudioSpecificConfig(bytes.NewReader(cfg.Extradata))
		if err != nil || asc.ObjectType != tc.objType || asc.SamplingFrequency != tc.core || asc.ExtensionFrequency != tc.extRate {
			t.Errorf("%d Hz: ASC %x %+v %v", tc.rate, cfg.Extradata, asc, err)
		}
	}
	s := StreamIndex{Type: media.KindAudio}
	for _, bad := range []string{"2B", "2B118000"} { // truncated; SBR over a core of object type 0
		if _, err := s.CodecConfig(&QualityLevel{FourCC: "AACH", CodecPrivateData: bad, SamplingRate: 48000, Channels: 2}); err == nil ||
			!strings.Contains(err.Error(), "AudioSpecificConfig "+strings.ToLower(bad)) {
			t.Errorf("HE-AAC config %s: %v", bad, err)
		}
	}
}
