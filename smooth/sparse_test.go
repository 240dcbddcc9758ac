package smooth

import (
	"strings"
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

// TestSparseLastWithoutD: a live sparse stream's last c without d (its newest
// cue) is an instant of one tick, and a refresh that lists the next cue gives it
// its duration without disagreeing; a stream that is not sparse still fails.
func TestSparseLastWithoutD(t *testing.T) {
	doc := func(sub, cs string) string {
		return `<SmoothStreamingMedia MajorVersion="2" MinorVersion="2" Duration="0" IsLive="TRUE"><StreamIndex Type="text" Name="s" Subtype="` + sub +
			`" ManifestOutput="true" QualityLevels="1"><QualityLevel Index="0" Bitrate="0" FourCC="TTML"/>` + cs + `</StreamIndex></SmoothStreamingMedia>`
	}
	m, err := ParseManifestBytes([]byte(doc("DATA", `<c t="10"><f>QQ==</f></c><c t="30"><f>Qg==</f></c>`)), "a")
	if err != nil {
		t.Fatal(err)
	}
	tl := m.Streams[0].Timeline
	if last, _ := tl.Last(); tl.Len() != 2 || last.Start != 30 || last.Duration != 1 {
		t.Fatalf("runs %+v", tl.Runs())
	}
	next, err := ParseManifestBytes([]byte(doc("DATA", `<c t="10"><f>QQ==</f></c><c t="30"><f>Qg==</f></c><c t="50"><f>Qw==</f></c>`)), "b")
	if err != nil {
		t.Fatal(err)
	}
	if err := tl.Merge(next.Streams[0].Timeline); err != nil || tl.Len() != 3 {
		t.Errorf("merge: %v, %d fragments", err, tl.Len())
	}
	if _, err := ParseManifestBytes([]byte(doc("SUBT", `<c t="10"/><c t="30"/>`)), "c"); err == nil || !strings.Contains(err.Error(), "no d") {
		t.Errorf("subtitles without the last d: %v", err)
	}
}
