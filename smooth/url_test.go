package smooth

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestExpandTemplate(t *testing.T) {
	hw := &QualityLevel{Bitrate: 300000, BitrateText: "300000", CustomAttributes: []Attribute{{"hardwareProfile", "1000"}}}
	two := &QualityLevel{Bitrate: 307200, CustomAttributes: []Attribute{{"Compatibility", "Handheld"}, {"x", "y"}}}
	tests := []struct {
		tmpl  string
		q     *QualityLevel
		start uint64
		want  string
	}{
		{"QualityLevels({bitrate})/Fragments(video={start time})", hw, 0, "QualityLevels(300000)/Fragments(video=0)"},
		{"QualityLevels({Bitrate})/Fragments(video={start_time})", hw, 3903180167058030, "QualityLevels(300000)/Fragments(video=3903180167058030)"},
		// rx-player's oracle: no parentheses, textual substitution.
		{"QualityLevels{bitrate},{CustomAttributes}/Fragmentsvideo={start time}", hw, 0, "QualityLevels300000,hardwareProfile=1000/Fragmentsvideo=0"},
		{"QualityLevels({bitrate},{CustomAttributes})/Fragments(video={start time})", two, 18446744073709551615, "QualityLevels(307200,Compatibility=Handheld,x=y)/Fragments(video=18446744073709551615)"},
		// No attributes: no dangling comma.
		{"QualityLevels({bitrate},{CustomAttributes})/Fragments(audio={start time})", &QualityLevel{Bitrate: 94208}, 0, "QualityLevels(94208)/Fragments(audio=0)"},
		// Every occurrence, and query suffixes kept.
		{"{bitrate}/{bitrate}/Fragments(audio_deu={start time})?noStreamProfile=1&t={start time}", hw, 5, "300000/300000/Fragments(audio_deu=5)?noStreamProfile=1&t=5"},
	}
	for _, tc := range tests {
		if got := ExpandTemplate(tc.tmpl, tc.q, tc.start); got != tc.want {
			t.Errorf("ExpandTemplate(%q) = %q, want %q", tc.tmpl, got, tc.want)
		}
	}
}

func TestResolveFragmentURL(t *testing.T) {
	base, _ := url.Parse("http://h:1/a/b/demo.ism/Manifest?token=1")
	u, err := ResolveFragmentURL(base, "QualityLevels(300000)/Fragments(video=0)")
	if err != nil || u.String() != "http://h:1/a/b/demo.ism/QualityLevels(300000)/Fragments(video=0)" {
		t.Errorf("resolved %v %v", u, err)
	}
	u, err = ResolveFragmentURL(base, "QualityLevels(1)/Fragments(captions en=0)")
	if err != nil || !strings.Contains(u.String(), "captions%20en=0") {
		t.Errorf("space escaped: %v %v", u, err)
	}
}

func TestParseRequest(t *testing.T) {
	tests := []struct {
		path string
		want Request
	}{
		{"/demo.ism/Manifest", Request{Kind: RequestManifest, Presentation: "demo.ism"}},
		{"/v/x/Demo.ISM/manifest", Request{Kind: RequestManifest, Dir: "/v/x", Presentation: "Demo.ISM"}},
		{"/demo.ism/Manifest(format=m3u8-aapl)", Request{Kind: RequestManifest, Presentation: "demo.ism", ManifestArgs: "format=m3u8-aapl"}},
		{"/demo.ism/QualityLevels(300000)/Fragments(video=18446744073709551615)", Request{Kind: RequestFragment, Presentation: "demo.ism", Bitrate: 300000, Stream: "video", Time: 18446744073709551615}},
		{"/a/demo.ism/QualityLevels(307200,Compatibility=Handheld)/FragmentInfo(audio_eng=10)", Request{Kind: RequestFragmentInfo, Dir: "/a", Presentation: "demo.ism", Bitrate: 307200, Attributes: []Attribute{{"Compatibility", "Handheld"}}, Stream: "audio_eng", Time: 10}},
		{"/demo.ism/QualityLevels(1)/RawFragments(video=1)", Request{Kind: RequestRawFragment, Presentation: "demo.ism", Bitrate: 1, Stream: "video", Time: 1}},
		{"/demo.ism/QualityLevels(1)/KeyFrames(video=1)", Request{Kind: RequestKeyFrames, Presentation: "demo.ism", Bitrate: 1, Stream: "video", Time: 1}},
		{"/live.isml/Streams(video1)", Request{Kind: RequestIngest, Presentation: "live.isml", Live: true, StreamID: "video1"}},
		{"/live.isml/Events(e1)/Streams(audio)", Request{Kind: RequestIngest, Presentation: "live.isml", Live: true, StreamID: "audio"}},
		{"/live.isml/QualityLevels(1)/Fragments(video=2,format=m3u8-aapl)", Request{Kind: RequestFragment, Presentation: "live.isml", Live: true, Bitrate: 1, Stream: "video", Time: 2}},
	}
	for _, tc := range tests {
		got, err := ParseRequest(tc.path)
		if err != nil {
			t.Errorf("%s: %v", tc.path, err)
			continue
		}
		if got.Kind != tc.want.Kind || got.Dir != tc.want.Dir || got.Presentation != tc.want.Presentation || got.Live != tc.want.Live ||
			got.Bitrate != tc.want.Bitrate || got.Stream != tc.want.Stream || got.Time != tc.want.Time || got.StreamID != tc.want.StreamID ||
			got.ManifestArgs != tc.want.ManifestArgs || len(got.Attributes) != len(tc.want.Attributes) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.path, *got, tc.want)
		}
		// Path is the inverse (modulo case and the ignored HLS predicate).
		if again, err := ParseRequest(got.Path()); err != nil || again.Kind != got.Kind || again.Time != got.Time || again.Bitrate != got.Bitrate {
			t.Errorf("%s: Path() = %q does not parse back: %v", tc.path, got.Path(), err)
		}
	}
}

func TestParseRequestErrors(t *testing.T) {
	tests := []struct{ path, want string }{
		{"/log", "no .ism"},
		{"/index.html", "no .ism"},
		{"/demo.ism", "nothing after"},
		{"/demo.ism/", "nothing after"},
		{"/demo.ism/Foo", "unknown request"},
		{"/demo.ism/Manifest/x", "after Manifest"},
		{"/demo.ism/QualityLevels(abc)/Fragments(video=0)", "bitrate is not"},
		{"/demo.ism/QualityLevels(-1)/Fragments(video=0)", "bitrate is not"},
		{"/demo.ism/QualityLevels(1,x)/Fragments(video=0)", "not Name=Value"},
		{"/demo.ism/QualityLevels(1)", "want QualityLevels"},
		{"/demo.ism/QualityLevels(1)/Fragments(video)", "want stream=time"},
		{"/demo.ism/QualityLevels(1)/Fragments(video=18446744073709551616)", "not an unsigned 64-bit"},
		{"/demo.ism/QualityLevels(1)/Frags(video=1)", "unknown noun"},
		{"/demo.ism/QualityLevels(1)/Fragments(video=1)/extra", "want QualityLevels"},
		{"/live.isml/Streams()", "Streams(ID)"},
	}
	for _, tc := range tests {
		_, err := ParseRequest(tc.path)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want %q", tc.path, err, tc.want)
		}
	}
	if _, err := ParseRequest("/log"); !errors.Is(err, ErrNotSmooth) {
		t.Errorf("/log is not ErrNotSmooth")
	}
}

// TestTemplateRoundTrip: what the player expands, the origin parses back to the same level and time.
func TestTemplateRoundTrip(t *testing.T) {
	m := mustParseFile(t, "media3__sample_ismc_1.xml")
	s := m.Streams[0]
	for _, q := range s.Levels {
		s.Timeline.Each(func(f Fragment) bool {
			rel := s.FragmentURL(q, f.Start)
			req, err := ParseRequest("/pub/x.ism/" + rel)
			if err != nil {
				t.Fatalf("%s: %v", rel, err)
			}
			if req.Bitrate != q.Bitrate || req.Time != f.Start || len(req.Attributes) != len(q.CustomAttributes) {
				t.Errorf("%s parsed to %+v", rel, req)
			}
			return true
		})
	}
}
