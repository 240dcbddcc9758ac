package media

// Sample is one compressed access unit (a video frame, an audio packet or a text cue)
// with its absolute time in the track's timescale.
type Sample struct {
	// Time is the decode time in Timescale units, absolute on the presentation timeline.
	Time uint64
	// Duration in Timescale units.
	Duration uint32
	// CompositionOffset is PTS − DTS in Timescale units (negative with trun version 1).
	CompositionOffset int32
	// Timescale is the number of time units per second.
	Timescale uint64
	// Keyframe is true for a sync sample, decodable on its own.
	Keyframe bool
	// Data is the sample payload as stored (length-prefixed NAL units for H.264/HEVC).
	Data []byte
	// Encryption is the per-sample encryption information when the sample is protected.
	Encryption *SampleEncryption
}

// PTS returns the presentation time in Timescale units.
func (s *Sample) PTS() int64 { return int64(s.Time) + int64(s.CompositionOffset) }

// SampleEncryption describes how one sample is encrypted (PIFF or CENC `senc`).
type SampleEncryption struct {
	// IV is the initialization vector (8 or 16 bytes).
	IV []byte
	// Subsamples lists clear/protected byte ranges; empty means the whole sample is protected.
	Subsamples []Subsample
}

// Subsample is one clear+protected pair of a subsample-encrypted sample.
type Subsample struct {
	Clear     uint16
	Protected uint32
}
