package media

import (
	"fmt"
	"strings"
)

// Kind is the kind of a track: video, audio or text.
type Kind int

// The track kinds of a Smooth Streaming presentation.
const (
	KindUnknown Kind = iota
	KindVideo
	KindAudio
	KindText
)

// String returns the lowercase name used in manifests, JSON and logs.
func (k Kind) String() string {
	switch k {
	case KindVideo:
		return "video"
	case KindAudio:
		return "audio"
	case KindText:
		return "text"
	}
	return "unknown"
}

// ParseKind reads a StreamIndex Type, case-insensitively.
func ParseKind(s string) (Kind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "video":
		return KindVideo, nil
	case "audio":
		return KindAudio, nil
	case "text":
		return KindText, nil
	}
	return KindUnknown, fmt.Errorf("unknown stream type %q (want video, audio or text)", s)
}
