package smooth

import (
	"testing"

	"github.com/smoothie-player/smoothie/media"
)

// TestSparseKind: what each Subtype and scheme make of a text stream.
func TestSparseKind(t *testing.T) {
	for _, c := range []struct {
		kind            media.Kind
		subtype, scheme string
		want            string
	}{
		{media.KindText, "SUBT", "", ""}, {media.KindText, "capt", "", ""}, {media.KindText, "DESC", "", ""},
		{media.KindText, "", "", ""}, {media.KindText, "CHAP", "", SparseChapter}, {media.KindText, "SCMD", "", SparseData},
		{media.KindText, "DATA", "", SparseData}, {media.KindText, "CTRL", "", SparseData},
		{media.KindText, "DATA", "urn:scte:scte35:2013:bin", SparseSCTE35}, {media.KindText, "", "urn:scte:scte35:2014:xml+bin", SparseSCTE35},
		{media.KindVideo, "ZOET", "", ""}, {media.KindAudio, "CHAP", "", ""},
	} {
		if got := SparseKind(c.kind, c.subtype, c.scheme); got != c.want {
			t.Errorf("%s %q %q: %q, want %q", c.kind, c.subtype, c.scheme, got, c.want)
		}
	}
}

// TestInlinePayload: base64 with white space and without padding, and text that
// is not base64, kept as it is.
func TestInlinePayload(t *testing.T) {
	for in, want := range map[string]string{
		" /DAv\nAAAA ": "\xfc\x30\x2f\x00\x00\x00",
		"Q2hhcHRlcg":   "Chapter",
		"<Signal/>":    "<Signal/>",
		"  ":           "",
	} {
		if got := string(InlinePayload(in)); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
