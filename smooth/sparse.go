package smooth

import (
	"encoding/base64"
	"strings"

	"github.com/smoothie-player/smoothie/media"
)

// The kinds of sparse stream (SparseKind).
const (
	SparseChapter = "chapter" // Subtype CHAP: chapter marks
	SparseSCTE35  = "scte35"  // Scheme urn:scte:scte35:…: SCTE 35 splice_info_sections
	SparseData    = "data"    // SCMD, DATA, CTRL and the rest: script commands, application data
)

// SparseKind says what a text stream that is not subtitles carries: SparseSCTE35
// by its scheme (whatever its Subtype), SparseChapter for Subtype CHAP, else
// SparseData; "" for subtitles, captions and descriptions (SUBT, CAPT, DESC or no
// Subtype) and for audio and video.
func SparseKind(kind media.Kind, subtype, scheme string) string {
	if kind != media.KindText {
		return ""
	}
	switch {
	case strings.Contains(strings.ToLower(scheme), "scte35"):
		return SparseSCTE35
	}
	switch strings.ToUpper(strings.TrimSpace(subtype)) {
	case "SUBT", "CAPT", "DESC", "":
		return ""
	case "CHAP":
		return SparseChapter
	}
	return SparseData
}

// SparseKind is s's kind of sparse stream ("" when it is not one).
func (s *StreamIndex) SparseKind() string { return SparseKind(s.Type, s.Subtype, s.Scheme()) }

// Scheme is the Scheme s's levels name in their CustomAttributes (Azure Media
// Services' sparse tracks: urn:scte:scte35:2013:bin), or s in an attribute of its
// own; "" for none.
func (s *StreamIndex) Scheme() string {
	for _, q := range s.Levels {
		for _, a := range q.CustomAttributes {
			if strings.EqualFold(a.Name, "Scheme") || strings.EqualFold(a.Name, "SchemeIdUri") {
				return a.Value
			}
		}
	}
	for _, a := range s.Extra {
		if strings.EqualFold(a.Name.Local, "Scheme") || strings.EqualFold(a.Name.Local, "SchemeIdUri") {
			return a.Value
		}
	}
	return ""
}

// Inline counts the payloads a ManifestOutput stream carries in its <f> elements
// (0 for any other stream).
func (s *StreamIndex) Inline() int {
	if !s.ManifestOutput {
		return 0
	}
	n := 0
	for _, r := range s.Timeline.Runs() {
		for _, f := range r.Tracks {
			if strings.TrimSpace(f.Content) != "" {
				n++
			}
		}
	}
	return n
}

// InlinePayload is the sample an <f> element of a ManifestOutput stream carries:
// its content base64-decoded (white space ignored, padding optional), or the text
// itself when it is not base64 (a cue written inline as XML); nil when empty.
func InlinePayload(content string) []byte {
	s := strings.Join(strings.Fields(content), "")
	if s == "" {
		return nil
	}
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b
	}
	if b, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "=")); err == nil {
		return b
	}
	return []byte(strings.TrimSpace(content))
}
