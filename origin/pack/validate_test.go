package pack

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/decode/encode"
)

func TestValidate(t *testing.T) {
	ok := []struct {
		name string
		in   Input
		cfg  Config
	}{
		{"defaults", Input{File: "x.mp4"}, Config{}},
		{"synthetic one fragment", Input{Synthetic: 2 * time.Second}, Config{}},
		{"audio bounds", Input{File: "x"}, Config{AudioBitrate: MinAudioBitrate}},
		{"audio top", Input{File: "x"}, Config{AudioBitrate: MaxAudioBitrate, Preset: "placebo", Codec: encode.CodecHEVC}},
		{"e-ac-3", Input{File: "x"}, Config{AudioCodec: encode.AudioEAC3, AudioBitrate: 192_000}},
		{"wma 2", Input{File: "x"}, Config{AudioCodec: encode.AudioWMA2}},
		{"hevc main10", Input{File: "x"}, Config{Codec: encode.CodecHEVC, Profile: "main10"}},
		{"h264 high422 10-bit", Input{File: "x"}, Config{Profile: "high422", PixFmt: "yuv422p10le"}},
		{"h264 4:4:4 without a profile", Input{File: "x"}, Config{PixFmt: "yuv444p"}},
	}
	for _, tc := range ok {
		if err := Validate(tc.in, tc.cfg); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	bad := []struct {
		name string
		in   Input
		cfg  Config
		want string
	}{
		{"audio 99M", Input{File: "x"}, Config{AudioBitrate: 99_000_000}, "audio bitrate 99000k: want 8k..512k for AAC-LC"},
		{"audio too low", Input{File: "x"}, Config{AudioBitrate: 7999}, "audio bitrate 7999: want"},
		{"preset", Input{File: "x"}, Config{Preset: "bogus"}, `preset "bogus": want one of ultrafast`},
		{"synthetic shorter than a fragment", Input{Synthetic: time.Millisecond}, Config{}, "synthetic duration 1ms: shorter than one fragment (2s)"},
		{"synthetic shorter than its fragment", Input{Synthetic: 3 * time.Second}, Config{Fragment: 4 * time.Second}, "shorter than one fragment (4s)"},
		{"negative synthetic", Input{Synthetic: -time.Second}, Config{}, "want a positive duration"},
		{"ladder", Input{File: "x"}, Config{Levels: []encode.Level{{Width: 321, Height: 180, Bitrate: 300_000}}}, "must be even"},
		{"fragment", Input{File: "x"}, Config{Fragment: time.Minute + 1}, "want 200ms..60s"},
		{"profile of the other codec", Input{File: "x"}, Config{Profile: "main10"}, `h264 profile "main10": want one of baseline, main, high`},
		{"profile and pixel format", Input{File: "x"}, Config{Profile: "baseline", PixFmt: "yuv420p10le"}, "h264 profile baseline cannot carry pixel format yuv420p10le"},
		{"ac-3 bitrate", Input{File: "x"}, Config{AudioCodec: encode.AudioAC3, AudioBitrate: 100_000}, "audio bitrate 100k: AC-3 takes 32k"},
		{"wma bitrate", Input{File: "x"}, Config{AudioCodec: encode.AudioWMA2, AudioBitrate: 512_000}, "audio bitrate 512k: want 32k..384k for WMA 2"},
		{"audio codec", Input{File: "x"}, Config{AudioCodec: "mp3"}, `audio codec "mp3": want one of aac, eac3, ac3, wma2`},
		{"pixel format", Input{File: "x"}, Config{PixFmt: "rgb24"}, `pixel format "rgb24": want one of yuv420p`},
	}
	for _, tc := range bad {
		err := Validate(tc.in, tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") || !errors.Is(err, ErrConfig) {
			t.Errorf("%s: err %v, want one line with %q wrapping ErrConfig", tc.name, err, tc.want)
		}
	}
}
