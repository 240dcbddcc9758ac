package smooth

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/Eyevinn/mp4ff/aac"
	"github.com/Eyevinn/mp4ff/avc"
	"github.com/Eyevinn/mp4ff/hevc"
	"github.com/smoothie-player/smoothie/media"
)

func TestCodecConfigH264(t *testing.T) {
	m := mustParseFile(t, "inputstreamadaptive__TearsOfSteel.ism.xml")
	s := m.Streams[0]
	for _, q := range s.Levels {
		cfg, err := s.CodecConfig(q)
		if err != nil {
			t.Fatalf("level %d: %v", q.Index, err)
		}
		if cfg.Codec != CodecH264 || cfg.Width != q.MaxWidth || cfg.NALLengthSize != 4 {
			t.Errorf("cfg %+v", cfg)
		}
		rec, err := avc.DecodeAVCDecConfRec(cfg.Extradata)
		if err != nil {
			t.Fatalf("avcC does not decode: %v", err)
		}
		if len(rec.SPSnalus) != 1 || len(rec.PPSnalus) != 1 || cfg.Extradata[4]&3 != 3 {
			t.Errorf("avcC has %d SPS, %d PPS, length size byte %x", len(rec.SPSnalus), len(rec.PPSnalus), cfg.Extradata[4])
		}
		// The SPS in the record is the one from CodecPrivateData.
		if !strings.Contains(strings.ToUpper(q.CodecPrivateData), strings.ToUpper(hexs(rec.SPSnalus[0]))) {
			t.Errorf("SPS %x not from CodecPrivateData", rec.SPSnalus[0])
		}
	}
}

func hexs(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

func TestCodecConfigAAC(t *testing.T) {
	tests := []struct {
		name     string
		s        StreamIndex
		q        QualityLevel
		wantType byte
		wantRate int
		wantCh   byte
	}{
		{"cpd", StreamIndex{Type: media.KindAudio}, QualityLevel{FourCC: "AACL", CodecPrivateData: "1190"}, aac.AAClc, 48000, 2},
		{"empty cpd", StreamIndex{Type: media.KindAudio}, QualityLevel{FourCC: "AACL", SamplingRate: 44100, Channels: 2}, aac.AAClc, 44100, 2},
		{"no fourcc, AudioTag 255", StreamIndex{Type: media.KindAudio}, QualityLevel{AudioTag: 255, SamplingRate: 48000, Channels: 1}, aac.AAClc, 48000, 1},
		{"subtype as fourcc", StreamIndex{Type: media.KindAudio, Subtype: "AACL"}, QualityLevel{SamplingRate: 24000, Channels: 2}, aac.AAClc, 24000, 2},
		{"he-aac", StreamIndex{Type: media.KindAudio}, QualityLevel{FourCC: "AACH", SamplingRate: 48000, Channels: 2}, aac.HEAACv1, 24000, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := tc.s.CodecConfig(&tc.q)
			if err != nil {
				t.Fatal(err)
			}
			asc, err := aac.DecodeAudioSpecificConfig(bytes.NewReader(cfg.Extradata))
			if err != nil {
				t.Fatalf("ASC %x: %v", cfg.Extradata, err)
			}
			if cfg.Codec != CodecAAC || asc.ObjectType != tc.wantType || asc.SamplingFrequency != tc.wantRate || asc.ChannelConfiguration != tc.wantCh {
				t.Errorf("cfg %+v asc %+v", cfg, asc)
			}
		})
	}
}

func TestCodecConfigOthers(t *testing.T) {
	wfx := "6101020044AC0000853E00009D0B10000A00008800000F0000000000"
	video := StreamIndex{Type: media.KindVideo}
	audio := StreamIndex{Type: media.KindAudio}
	tests := []struct {
		name      string
		s         StreamIndex
		q         QualityLevel
		codec     Codec
		extraLen  int
		wantError string
	}{
		{"vc1", video, QualityLevel{FourCC: "WVC1", CodecPrivateData: "250000010FCBF81A70EF8A1A783BE80C908236EE5265400000010E5A67F840"}, CodecVC1, 31, ""},
		{"wma2 full waveformatex", audio, QualityLevel{FourCC: "WMA2", CodecPrivateData: wfx}, CodecWMA2, 10, ""},
		{"wmapro by audiotag", audio, QualityLevel{AudioTag: 354, SamplingRate: 44100, Channels: 2, CodecPrivateData: "1000030000000000000000000000E0000000"}, CodecWMAPro, 18, ""},
		{"legacy WaveFormatEx attribute", audio, QualityLevel{FourCC: "WMA2", WaveFormatEx: wfx}, CodecWMA2, 10, ""},
		{"eac3", audio, QualityLevel{FourCC: "EC-3", SamplingRate: 48000, Channels: 6, CodecPrivateData: "0000"}, CodecEAC3, 2, ""},
		{"ttml", StreamIndex{Type: media.KindText}, QualityLevel{FourCC: "TTML"}, CodecTTML, 0, ""},
		{"fourcc case", video, QualityLevel{FourCC: "avc1", CodecPrivateData: "00000001674d401fe9808009360294141815000003000100000300329c91c313800000000168efbc80"}, CodecH264, 44, ""},
		{"odd hex", video, QualityLevel{FourCC: "H264", CodecPrivateData: "000"}, "", 0, "not valid hex"},
		{"10 MB of codec data", audio, QualityLevel{FourCC: "AACL", SamplingRate: 48000, Channels: 2, CodecPrivateData: strings.Repeat("11", 5<<20)}, "", 0, "5242880 bytes of codec data, more than 64 KiB"},
		{"vc1 data under AVC1", video, QualityLevel{FourCC: "AVC1", CodecPrivateData: "250000010FCBF81A70EF8A1A783BE80C908236EE5265400000010E5A67F840"}, "", 0, "0 SPS"},
		{"video without fourcc", video, QualityLevel{CodecPrivateData: "00"}, "", 0, "video level has no FourCC"},
		{"unknown fourcc", video, QualityLevel{FourCC: "XVID"}, "", 0, `unknown FourCC "XVID"`},
		{"empty h264 cpd", video, QualityLevel{FourCC: "H264"}, "", 0, "no CodecPrivateData"},
		{"bad nal length", video, QualityLevel{FourCC: "H264", NALUnitLengthField: 3, CodecPrivateData: "00"}, "", 0, "NALUnitLengthField 3"},
		{"aac without anything", audio, QualityLevel{}, "", 0, "cannot make one"},
		{"wma without rate", audio, QualityLevel{FourCC: "WMAP"}, "", 0, "needs SamplingRate"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.q.NALUnitLengthField == 0 {
				tc.q.NALUnitLengthField = DefaultNALUnitLengthField
			}
			cfg, err := tc.s.CodecConfig(&tc.q)
			if tc.wantError != "" {
				if err == nil || !errors.Is(err, ErrCodec) || !strings.Contains(err.Error(), tc.wantError) {
					t.Fatalf("err %v, want ErrCodec with %q", err, tc.wantError)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Codec != tc.codec || len(cfg.Extradata) != tc.extraLen {
				t.Errorf("codec %s extradata %d bytes (%x), want %s %d", cfg.Codec, len(cfg.Extradata), cfg.Extradata, tc.codec, tc.extraLen)
			}
		})
	}
}

// TestCodecConfigConformance: every level of every fixture either configures or says why.
func TestCodecConfigConformance(t *testing.T) {
	wantErrors := map[string]int{
		"dashjs__manifest.xml":               2, // VC-1 data labelled AVC1; AAC without CPD, rate or channels
		"dashjs__manifestFourCCError.xml":    2, // no FourCC on video; the same AAC
		"dashjs__manifestSubtype.xml":        1, // JPEG sparse track
		"gstreamer__mssdemux_simpleTest.xml": 1, // CodecPrivateData "000"
	}
	for _, f := range fixtureNames(t) {
		m := mustParseFile(t, f)
		n := 0
		for _, s := range m.Streams {
			for _, q := range s.Levels {
				if _, err := s.CodecConfig(q); err != nil {
					n++
					if strings.Contains(err.Error(), "\n") {
						t.Errorf("%s: multi-line error", f)
					}
				}
			}
		}
		if n != wantErrors[f] {
			t.Errorf("%s: %d unusable levels, want %d", f, n, wantErrors[f])
		}
	}
}

// x265 VPS/SPS/PPS for 320x180, Annex-B, as a packager writes HEVC CodecPrivateData.
const hevcCPD = "0000000140010c01ffff01600000030090000003000003003c9598090000000142010101600000030090000003000003003ca00a080b9f796566924caf016808000003000800000300c840000000014401c172b46240"

func TestCodecConfigHEVC(t *testing.T) {
	for _, fourcc := range []string{"HVC1", "hev1"} {
		s := StreamIndex{Type: media.KindVideo}
		cfg, err := s.CodecConfig(&QualityLevel{FourCC: fourcc, CodecPrivateData: hevcCPD, NALUnitLengthField: 4, MaxWidth: 320, MaxHeight: 180})
		if err != nil {
			t.Fatal(err)
		}
		rec, err := hevc.DecodeHEVCDecConfRec(cfg.Extradata)
		if err != nil {
			t.Fatalf("hvcC does not decode: %v", err)
		}
		if cfg.Codec != CodecHEVC || len(rec.NaluArrays) != 3 || rec.LengthSizeMinusOne != 3 {
			t.Errorf("cfg %s, %d NALU arrays, length size %d", cfg.Codec, len(rec.NaluArrays), rec.LengthSizeMinusOne+1)
		}
	}
	s := StreamIndex{Type: media.KindVideo}
	if _, err := s.CodecConfig(&QualityLevel{FourCC: "HVC1", CodecPrivateData: hevcCPD[:60], NALUnitLengthField: 4}); !errors.Is(err, ErrCodec) {
		t.Errorf("VPS only: err %v", err)
	}
}

func TestCheckInBandParameterSets(t *testing.T) {
	s := StreamIndex{Type: media.KindVideo}
	cpd := "00000001674d401fe9808009360294141815000003000100000300329c91c313800000000168efbc80"
	cfg, err := s.CodecConfig(&QualityLevel{FourCC: "H264", CodecPrivateData: cpd, NALUnitLengthField: 4})
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := avc.DecodeAVCDecConfRec(cfg.Extradata)
	lp := func(nals ...[]byte) []byte {
		var b []byte
		for _, n := range nals {
			b = append(b, byte(len(n)>>24), byte(len(n)>>16), byte(len(n)>>8), byte(len(n)))
			b = append(b, n...)
		}
		return b
	}
	idr := []byte{0x65, 0x88, 0x84}
	otherSPS := append(append([]byte{}, rec.SPSnalus[0]...), 0x01)
	tests := []struct {
		name   string
		sample []byte
		ok     bool
	}{
		{"same sets", lp(rec.SPSnalus[0], rec.PPSnalus[0], idr), true},
		{"no sets", lp(idr), true},
		{"other SPS", lp(otherSPS, rec.PPSnalus[0], idr), false},
		{"bad length", []byte{0, 0, 0, 99, 0x65}, false},
	}
	for _, tc := range tests {
		err := CheckInBandParameterSets(cfg, tc.sample)
		if (err == nil) != tc.ok {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}
