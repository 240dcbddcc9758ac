package smooth

import "testing"

func TestSniff(t *testing.T) {
	tests := []struct {
		in   string
		want DocKind
		box  string
	}{
		{"", DocEmpty, ""},
		{"\n \t", DocEmpty, ""},
		{"<?xml version=\"1.0\"?><a/>", DocXML, ""},
		{"\xEF\xBB\xBF  <a/>", DocXML, ""},
		{"\xFF\xFE<\x00a\x00", DocXML, ""},
		{"<\x00a\x00/\x00>\x00", DocXML, ""},
		{"\x00<\x00a", DocXML, ""},
		{`{"a": 1}`, DocJSON, ""},
		{"\x00\x00\x00\x08moof", DocBoxes, "moof"},
		{"\x00\x00\x00\x18ftypiso6", DocBoxes, "ftyp"},
		{"\x00\x00\x00\x08zzzz", DocBinary, ""},
		{"abc\x00", DocBinary, ""},
		{"404 page not found", DocText, ""},
		{"<!--meta data--><SmoothStreamingMedia/>", DocXML, ""}, // a comment, not a meta box
		{"<!--free--><a/>", DocXML, ""},
		{"<a b=\"\x7f\"/>", DocXML, ""}, // DEL is legal XML
	}
	if s := DocKind(99).String(); s != "DocKind(99)" {
		t.Errorf("DocKind(99).String() = %q", s)
	}
	for _, tc := range tests {
		k, box := Sniff([]byte(tc.in))
		if k != tc.want || box != tc.box {
			t.Errorf("Sniff(%q) = %v %q, want %v %q", tc.in, k, box, tc.want, tc.box)
		}
	}
}
