package media

import "time"

// VideoFrame is one decoded picture in planar YUV 4:2:0 (I420): a full-size Y plane
// followed by quarter-size U and V planes. The planes may share one backing buffer
// owned by the decoder's pool; a consumer hands the frame back when it is done
// (see the decoder's Release) and must not keep the slices afterwards.
type VideoFrame struct {
	// Width and Height are the picture size in pixels (the luma plane's size).
	Width, Height int
	// Y, U and V are the planes; row r of a plane starts at r*stride.
	Y, U, V []byte
	// YStride is the length in bytes of a luma row; CStride of a chroma row.
	YStride, CStride int
	// PTS is the presentation time on the presentation timeline.
	PTS time.Duration
	// Duration is how long the frame is shown (0 when unknown).
	Duration time.Duration
	// Keyframe is true when the picture was decoded from a sync sample.
	Keyframe bool
	// DecodeTime is the wall time the decoder spent to produce this frame.
	DecodeTime time.Duration
	// Damaged is true when the decoder reported the picture as corrupt or concealed
	// errors in it (FFmpeg's AV_FRAME_FLAG_CORRUPT or decode_error_flags): it shows
	// something, but not what was encoded.
	Damaged bool
}

// ChromaSize returns the width and height of the U and V planes.
func (f *VideoFrame) ChromaSize() (w, h int) { return (f.Width + 1) / 2, (f.Height + 1) / 2 }

// SampleFormat is the layout of PCM samples in an AudioBuffer.
type SampleFormat int

// The PCM formats decoders produce. Both are interleaved (L R L R … for stereo).
const (
	// SampleFloat32 is 32-bit float in [-1, 1].
	SampleFloat32 SampleFormat = iota
	// SampleS16 is signed 16-bit integer.
	SampleS16
)

// String names the format as FFmpeg does ("flt", "s16").
func (f SampleFormat) String() string {
	switch f {
	case SampleFloat32:
		return "flt"
	case SampleS16:
		return "s16"
	}
	return "unknown"
}

// AudioBuffer is a run of decoded PCM, interleaved. Exactly one of F32 and S16 is
// set, as Format says. Like VideoFrame it may come from a pool and be handed back.
type AudioBuffer struct {
	Format     SampleFormat
	SampleRate int
	Channels   int
	// F32 holds Frames()*Channels samples when Format is SampleFloat32.
	F32 []float32
	// S16 holds Frames()*Channels samples when Format is SampleS16.
	S16 []int16
	// PTS is the presentation time of the first sample.
	PTS time.Duration
	// DecodeTime is the wall time the decoder spent to produce this buffer.
	DecodeTime time.Duration
}

// Frames returns the number of sample frames (samples per channel).
func (b *AudioBuffer) Frames() int {
	if b.Channels == 0 {
		return 0
	}
	if b.Format == SampleS16 {
		return len(b.S16) / b.Channels
	}
	return len(b.F32) / b.Channels
}

// Duration returns the play-out duration of the buffer.
func (b *AudioBuffer) Duration() time.Duration {
	if b.SampleRate == 0 {
		return 0
	}
	return time.Duration(b.Frames()) * time.Second / time.Duration(b.SampleRate)
}
