package encode

import (
	"time"

	"github.com/asticode/go-astiav"
)

// Source produces the raw frames of a presentation: constant-frame-rate video already
// scaled to every level of the ladder, and audio as AAC-ready frames. The synthetic
// generator (decode/synth) and input files (OpenFile) implement it.
type Source interface {
	// FrameRate is the constant video frame rate.
	FrameRate() astiav.Rational
	// Duration is the expected duration, 0 when unknown; used for progress only.
	Duration() time.Duration
	// HasAudio reports whether ReadAudio has anything to give.
	HasAudio() bool
	// ReadVideo fills frames[i] with the next picture for level i, in yuv420p at the
	// level's size. It returns io.EOF after the last picture.
	ReadVideo(frames []*astiav.Frame) error
	// ReadAudio fills f with the next 1024 samples of 48 kHz stereo fltp audio (the last
	// frame may be shorter). It returns io.EOF after the last frame.
	ReadAudio(f *astiav.Frame) error
	// Close releases the source.
	Close()
}
