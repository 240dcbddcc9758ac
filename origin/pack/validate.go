package pack

import (
	"errors"
	"fmt"
	"slices"
	"strings"
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
	if c.AudioBitrate != 0 && (c.AudioBitrate < MinAudioBitrate || c.AudioBitrate > MaxAudioBitrate) {
		return configErrorf("audio bitrate %s: want %s..%s for AAC-LC", kbits(c.AudioBitrate), kbits(MinAudioBitrate), kbits(MaxAudioBitrate))
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
