package smooth

import "github.com/smoothie-player/smoothie/media"

// Codec names a decoder family (media.Codec).
type Codec = media.Codec

// The codecs Smooth Streaming manifests carry.
const (
	CodecH264   = media.CodecH264
	CodecHEVC   = media.CodecHEVC
	CodecVC1    = media.CodecVC1
	CodecAAC    = media.CodecAAC
	CodecWMAPro = media.CodecWMAPro
	CodecWMA2   = media.CodecWMA2
	CodecEAC3   = media.CodecEAC3
	CodecAC3    = media.CodecAC3
	CodecTTML   = media.CodecTTML
)

// CodecConfig is what a decoder needs to open a track, derived from a QualityLevel
// (StreamIndex.CodecConfig): the media-level media.CodecConfig.
type CodecConfig = media.CodecConfig
