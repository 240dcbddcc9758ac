package pack

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/smoothie-player/smoothie/decode/encode"
)

// ErrConfig is wrapped by every error Validate returns: the request itself is wrong,
// before any media is read.
var ErrConfig = errors.New("invalid pack config")

// AAC-LC bitrates Pack accepts, bits/s: 8 kbit/s is the floor of a usable mono
// stream, 512 kbit/s is beyond transparent stereo at 48 kHz.
const (
	MinAudioBitrate = 8_000
	MaxAudioBitrate = 512_000
)

// Presets are the speed presets x264 and x265 share, fastest first.
var Presets = []string{"ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow", "placebo"}

// Validate checks what Pack would do with in and c, zero fields taking their
// defaults: the ladder, codec and fragment duration, the audio bitrate range, the
// preset name, and that a synthetic source lasts at least one fragment. Its errors
// wrap ErrConfig and are one line.
func Validate(in Input, c Config) error {
	if len(c.Levels) == 0 {
		c.Levels = DefaultLadder()
	}
	ecfg := c.encodeConfig()
	ecfg.AudioBitrate, ecfg.Preset = 0, ""
	if err := ecfg.Validate(); err != nil {
		return configError{err}
	}
	if err := checkAudioBitrate(c.AudioCodec, c.AudioBitrate); err != nil {
		return err
	}
	if c.Preset != "" && !slices.Contains(Presets, c.Preset) {
		return configErrorf("preset %q: want one of %s", c.Preset, strings.Join(Presets, ", "))
	}
	if in.Synthetic < 0 {
		return configErrorf("synthetic duration %v: want a positive duration", in.Synthetic)
	}
	if in.Synthetic > 0 && in.Synthetic < c.FragmentOrDefault() {
		return configErrorf("synthetic duration %v: shorter than one fragment (%v)", in.Synthetic, c.FragmentOrDefault())
	}
	return nil
}

// audioBitrates are the bitrates each audio codec's encoder takes for 48 kHz stereo.
var audioBitrates = map[encode.AudioCodec]struct {
	name     string
	min, max int64
}{
	encode.AudioAAC:  {"AAC-LC", MinAudioBitrate, MaxAudioBitrate},
	encode.AudioEAC3: {"E-AC-3", 32_000, 640_000},
	encode.AudioAC3:  {"AC-3", 32_000, 640_000},
	encode.AudioWMA2: {"WMA 2", 32_000, 384_000},
}

// checkAudioBitrate refuses a bitrate (0: the default) the codec's encoder does not take.
func checkAudioBitrate(codec encode.AudioCodec, rate int64) error {
	if codec == "" {
		codec = encode.AudioAAC
	}
	r, ok := audioBitrates[codec]
	if !ok || rate == 0 {
		return nil // an unknown codec is refused by encode.Config.Validate
	}
	if rate < r.min || rate > r.max {
		return configErrorf("audio bitrate %s: want %s..%s for %s", kbits(rate), kbits(r.min), kbits(r.max), r.name)
	}
	if codec == encode.AudioAC3 {
		if _, err := dac3(rate); err != nil {
			return configErrorf("audio bitrate %s: AC-3 takes 32k, 40k, 48k, 56k, 64k, 80k, 96k, 112k, 128k, 160k, 192k, 224k, 256k, 320k, 384k, 448k, 512k, 576k or 640k", kbits(rate))
		}
	}
	return nil
}

// kbits writes a bitrate as the ladder notation does: "128k", or bits when not whole kbit/s.
func kbits(b int64) string {
	if b%1000 == 0 {
		return fmt.Sprintf("%dk", b/1000)
	}
	return fmt.Sprintf("%d", b)
}

// configError is a Validate error: its own message, and errors.Is(err, ErrConfig).
type configError struct{ err error }

func (e configError) Error() string   { return e.err.Error() }
func (e configError) Unwrap() []error { return []error{ErrConfig, e.err} }

func configErrorf(format string, a ...any) error { return configError{fmt.Errorf(format, a...)} }
