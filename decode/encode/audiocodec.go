package encode

import "strings"

// AudioCodec is an audio codec the encoder can produce.
type AudioCodec string

// The audio codecs: FFmpeg's native encoders.
const (
	AudioAAC  AudioCodec = "aac"  // AAC-LC (aac)
	AudioEAC3 AudioCodec = "eac3" // E-AC-3 (eac3)
	AudioAC3  AudioCodec = "ac3"  // AC-3 (ac3)
	AudioWMA2 AudioCodec = "wma2" // Windows Media Audio 2 (wmav2)
)

// AudioCodecs lists the audio codecs, the default first.
var AudioCodecs = []AudioCodec{AudioAAC, AudioEAC3, AudioAC3, AudioWMA2}

// encoder is FFmpeg's encoder name for a.
func (a AudioCodec) encoder() string {
	switch a {
	case AudioWMA2:
		return "wmav2"
	case "":
		return "aac"
	}
	return string(a)
}

func joinCodecs(cs []AudioCodec) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return strings.Join(s, ", ")
}
