package encode

import (
	"fmt"
	"slices"
	"time"
)

// Codec is a video codec the encoder can produce.
type Codec string

// The video codecs.
const (
	CodecH264 Codec = "h264"
	CodecHEVC Codec = "hevc"
)

// Level is one rung of the video ladder.
type Level struct {
	Width, Height int
	// Bitrate in bits per second; the encoder holds it constant (CBR).
	Bitrate int64
}

// String is the ladder notation, "1280x720@2500k".
func (l Level) String() string {
	if l.Bitrate%1000 == 0 {
		return fmt.Sprintf("%dx%d@%dk", l.Width, l.Height, l.Bitrate/1000)
	}
	return fmt.Sprintf("%dx%d@%d", l.Width, l.Height, l.Bitrate)
}

// Config is what to encode. The zero value of each field selects its default.
type Config struct {
	// Levels is the video ladder, at least one level.
	Levels []Level
	// Codec is the video codec, default CodecH264.
	Codec Codec
	// Fragment is the fragment duration; every fragment starts with a keyframe,
	// at the same frame on every level. Default 2 s.
	Fragment time.Duration
	// AudioBitrate in bits per second, default 128000.
	AudioBitrate int64
	// Preset is the x264/x265 speed preset, default "veryfast".
	Preset string
	// Profile is the video profile (x264: baseline, main, high, high10, high422,
	// high444; x265: main, main10, main422-10, main444-8, main444-10); "" lets the
	// encoder choose from the pixel format.
	Profile string
	// PixFmt is the pixel format the pictures are encoded in (PixFmts), default the
	// profile's own, else yuv420p.
	PixFmt string
	// AudioCodec is the audio codec, default AudioAAC.
	AudioCodec AudioCodec
	// Threads per video encoder; 0 lets the encoder decide.
	Threads int
}

// Defaults for Config's zero fields.
const (
	DefaultFragment     = 2 * time.Second
	DefaultAudioBitrate = 128000
	DefaultPreset       = "veryfast"
)

// withDefaults returns c with its zero fields set to the defaults.
func (c Config) withDefaults() Config {
	if c.Codec == "" {
		c.Codec = CodecH264
	}
	if c.Fragment <= 0 {
		c.Fragment = DefaultFragment
	}
	if c.AudioBitrate <= 0 {
		c.AudioBitrate = DefaultAudioBitrate
	}
	if c.Preset == "" {
		c.Preset = DefaultPreset
	}
	if c.AudioCodec == "" {
		c.AudioCodec = AudioAAC
	}
	return c
}

// Validate reports the first thing in c that cannot be encoded.
func (c Config) Validate() error {
	if len(c.Levels) == 0 {
		return fmt.Errorf("ladder: no levels")
	}
	for i, l := range c.Levels {
		if l.Width < 16 || l.Height < 16 || l.Width > 8192 || l.Height > 4320 {
			return fmt.Errorf("ladder level %d (%s): size out of range 16x16..8192x4320", i+1, l)
		}
		if l.Width%2 != 0 || l.Height%2 != 0 {
			return fmt.Errorf("ladder level %d (%s): width and height must be even", i+1, l)
		}
		if l.Bitrate < 16000 || l.Bitrate > 200_000_000 {
			return fmt.Errorf("ladder level %d (%s): bitrate out of range 16k..200M", i+1, l)
		}
		for j := 0; j < i; j++ {
			if c.Levels[j].Bitrate == l.Bitrate {
				return fmt.Errorf("ladder level %d (%s): bitrate repeats level %d; Smooth Streaming addresses levels by bitrate", i+1, l, j+1)
			}
		}
	}
	switch c.Codec {
	case "", CodecH264, CodecHEVC:
	default:
		return fmt.Errorf("codec %q: want h264 or hevc", c.Codec)
	}
	if _, _, err := c.pictureFormat(); err != nil {
		return err
	}
	if c.AudioCodec != "" && !slices.Contains(AudioCodecs, c.AudioCodec) {
		return fmt.Errorf("audio codec %q: want one of %s", c.AudioCodec, joinCodecs(AudioCodecs))
	}
	if c.Fragment != 0 && (c.Fragment < 200*time.Millisecond || c.Fragment > 60*time.Second) {
		return fmt.Errorf("fragment duration %v: want 200ms..60s", c.Fragment)
	}
	return nil
}
