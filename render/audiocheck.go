package render

import (
	"fmt"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
)

// CheckAudio reports whether b is in the format want and its samples make whole
// sample frames, so that a sink can queue it as is. where names the caller.
func CheckAudio(where string, b *media.AudioBuffer, want player.AudioFormat) error {
	if b == nil {
		return fmt.Errorf("%s: nil audio buffer", where)
	}
	if b.Format != want.Format || b.SampleRate != want.SampleRate || b.Channels != want.Channels {
		return fmt.Errorf("%s: audio at %v is %d Hz %d ch %s, the sink plays %d Hz %d ch %s",
			where, b.PTS, b.SampleRate, b.Channels, b.Format, want.SampleRate, want.Channels, want.Format)
	}
	n := len(b.F32)
	if b.Format == media.SampleS16 {
		n = len(b.S16)
	}
	if n%b.Channels != 0 {
		return fmt.Errorf("%s: audio at %v has %d samples, not a multiple of %d channels", where, b.PTS, n, b.Channels)
	}
	return nil
}

// DefaultAudioFormat is what sinks play unless configured otherwise: 48 kHz stereo
// float, the format FFmpeg's AAC decoder produces natively.
func DefaultAudioFormat() player.AudioFormat {
	return player.AudioFormat{SampleRate: 48000, Channels: 2, Format: media.SampleFloat32}
}
