package media

// Codec names a decoder family, independent of how a container or a manifest spells
// it (FourCC, codec string, RTP payload name).
type Codec string

// The codecs Smoothie knows.
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
	// RTP payloads (RTSP sources): Opus, and G.711 µ-law and A-law.
	CodecOpus Codec = "opus"
	CodecPCMU Codec = "pcm_mulaw"
	CodecPCMA Codec = "pcm_alaw"
)

// CodecConfig is what a decoder needs to open a track, whatever source it came from
// (a Smooth Streaming QualityLevel, an RTSP session's SDP, a test): the codec, its
// extradata in the form FFmpeg expects, and the basic parameters.
type CodecConfig struct {
	Kind  Kind
	Codec Codec
	// FourCC is the source's own name for the codec, when it has one (a manifest's
	// FourCC), for messages.
	FourCC string
	// Extradata: avcC record (H.264; or its parameter sets as Annex B, start codes
	// first, as an RTSP session's sprop-parameter-sets give them), hvcC record (HEVC;
	// or Annex B), AudioSpecificConfig (AAC), WMA/E-AC-3 codec-specific bytes, VC-1
	// sequence header, OpusHead (Opus, optional).
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
