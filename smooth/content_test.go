package smooth

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestContentMarkers: a StreamIndex's Content markers are read with their times
// when these are integers (placeholders kept as written, not Timed), marshal and
// parse back the same, and a stream with too many fails naming it.
func TestContentMarkers(t *testing.T) {
	doc := `<SmoothStreamingMedia MajorVersion="2" MinorVersion="2" Duration="100000000">
<StreamIndex Type="text" Name="cmd" Subtype="SCMD" TimeScale="10000000"><Content>
 <ScriptCommand Time="20000000" Type="URL" Command="http://x/?a=1&amp;b=2"/>
 <ScriptCommand Time="REFERENCE_TIME" Type="Some string" Command="some string"/>
 <Other Time="1"/>
</Content></StreamIndex>
<StreamIndex Type="text" Name="ch" Subtype="CHAP" TimeScale="1000"><Content><marker time=" 1500 " value="Intro"/><Marker Time="-1" Value="x"/></Content></StreamIndex>
</SmoothStreamingMedia>`
	m, err := ParseManifestBytes([]byte(doc), "a.ismc")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]ContentMarker{
		{{Element: ElemScriptCommand, TimeText: "20000000", Time: 20000000, Timed: true, Type: "URL", Command: "http://x/?a=1&b=2", Line: 3},
			{Element: ElemScriptCommand, TimeText: "REFERENCE_TIME", Type: "Some string", Command: "some string", Line: 4}},
		{{Element: ElemMarker, TimeText: " 1500 ", Time: 1500, Timed: true, Value: "Intro", Line: 7},
			{Element: ElemMarker, TimeText: "-1", Value: "x", Line: 7}},
	}
	for i, s := range m.Streams {
		if !reflect.DeepEqual(s.Content, want[i]) {
			t.Errorf("stream %q: %+v, want %+v", s.Name, s.Content, want[i])
		}
	}
	if got := m.Streams[0].Content[0].Text(); got != "URL: http://x/?a=1&b=2" {
		t.Errorf("text %q", got)
	}
	back, err := ParseManifestBytes(m.Marshal(), "marshalled")
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range back.Streams {
		for j := range s.Content {
			s.Content[j].Line = want[i][j].Line
		}
		if !reflect.DeepEqual(s.Content, want[i]) {
			t.Errorf("marshalled stream %q: %+v", s.Name, s.Content)
		}
	}
	many := `<SmoothStreamingMedia MajorVersion="2" MinorVersion="0" Duration="1"><StreamIndex Type="text" Name="big" Subtype="SCMD"><Content>` +
		strings.Repeat(`<ScriptCommand Time="1"/>`, maxContentMarkers+1) + `</Content></StreamIndex></SmoothStreamingMedia>`
	if _, err := ParseManifestBytes([]byte(many), "big.ismc"); err == nil || !strings.Contains(err.Error(), `StreamIndex "big": more than 4096 Content markers`) {
		t.Errorf("too many markers: %v", err)
	}
}

// TestContentMarkersConformance: the IIS sample manifest with inline markers (a
// script command stream and a chapter stream, their times placeholders) reads
// each marker, none Timed.
func TestContentMarkersConformance(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "shared", "conformance", "manifests", "dashjs__manifestSubtype.xml"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseManifestBytes(raw, "dashjs__manifestSubtype.xml")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, s := range m.Streams {
		for _, c := range s.Content {
			got[s.Subtype+" "+c.Element]++
			if c.Timed || !strings.HasPrefix(c.TimeText, "REFERENCE_TIME") || c.Text() == "" {
				t.Errorf("%s marker %+v", s.Subtype, c)
			}
		}
	}
	if got["SCMD ScriptCommand"] != 2 || got["CHAP Marker"] != 2 {
		t.Errorf("markers %v, want 2 script commands and 2 chapter markers", got)
	}
}
