package smooth

import "github.com/smoothie-player/smoothie/media"

// Codec names a decoder family, independent of the FourCC spelling a manifest uses.
type Codec string

// The codecs Smooth Streaming manifests carry.
const (
	CodecH264   Codec = "h264"
	CodecHEVC   Codec = "hevc"
	CodecVC1    Codec = "vc1"
	CodecAAC    Codec = "aac"
	CodecWMAPro Codec = "wmapro"
	CodecWMA2   Codec = "wmav2"
	CodecEAC3   Codec = "eac3"
	CodecAC3    Codec = "ac3"
	CodecTTML   Codec = "ttml"
)

// CodecConfig is what a decoder needs to open a track, derived from a QualityLevel:
// the codec, its extradata in the form FFmpeg expects, and the basic parameters.
type CodecConfig struct {
	Kind   media.Kind
	Codec  Codec
	FourCC string
	// Extradata: avcC record (H.264), hvcC record (HEVC), AudioSpecificConfig (AAC),
	// WMA/E-AC-3 codec-specific bytes, VC-1 sequence header.
	Extradata []byte
	// Video.
	Width, Height int
	// NALLengthSize is the length-prefix size of NAL units in samples (H.264/HEVC), default 4.
	NALLengthSize int
	// Audio.
	SampleRate    int
	Channels      int
	BitsPerSample int
	BlockAlign    int
	Bitrate       uint64
}
