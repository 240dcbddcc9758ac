package player

import (
	"errors"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// DecoderConfig is what a decoder is opened with: a media-level codec configuration,
// whichever source produced the track.
type DecoderConfig = media.CodecConfig

// ErrNeedInput is what Receive returns when the decoder wants more samples.
var ErrNeedInput = errors.New("decoder needs more input")

// VideoDecoder turns samples into frames. Receive returns ErrNeedInput when it wants
// more samples and io.EOF once a Flush has drained; any other error is a corrupt
// sample, counted, after which the decoder goes on.
type VideoDecoder interface {
	Send(s media.Sample) error
	Receive() (*media.VideoFrame, error)
	Flush() error
	// Reconfigure switches to another level's configuration (a quality switch).
	Reconfigure(cfg DecoderConfig) error
	// Release gives a frame back; safe from any goroutine.
	Release(f *media.VideoFrame)
	// AvgFrameTime is the recent mean decode time per frame.
	AvgFrameTime() time.Duration
	Close() error
}

// AudioDecoder turns samples into PCM in the format it was opened with; same protocol
// as VideoDecoder.
type AudioDecoder interface {
	Send(s media.Sample) error
	Receive() (*media.AudioBuffer, error)
	Flush() error
	Reconfigure(cfg DecoderConfig) error
	Release(b *media.AudioBuffer)
	AvgFrameTime() time.Duration
	Close() error
}
