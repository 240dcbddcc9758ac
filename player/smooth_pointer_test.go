package player

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/smooth"
)

// logHost is a SourceHost that keeps the lines logged.
type logHost struct {
	quietHost
	lines *[]string
}

func (h logHost) Logf(format string, args ...any) {
	*h.lines = append(*h.lines, fmt.Sprintf(format, args...))
}

// TestPointSparse: what a video fragment's Sparse Stream Pointer does to the
// timelines: a new time of a stream read over its Url is added (once), a time
// known already or past the fragment's end, an inline stream's and an unknown
// name's are not, nor anything on VOD; a header that does not parse is logged
// once.
func TestPointSparse(t *testing.T) {
	doc := func(live string) []byte {
		return []byte(`<SmoothStreamingMedia MajorVersion="2" MinorVersion="2" Duration="0" IsLive="` + live + `">
<StreamIndex Type="video" Name="video" QualityLevels="1" TimeScale="10000000" Url="QualityLevels({bitrate})/Fragments(video={start time})">
<QualityLevel Index="0" Bitrate="300000" FourCC="H264" MaxWidth="320" MaxHeight="240" CodecPrivateData="0000000167f4000d919b28283f6022000003000200000300641e28532c0000000168ebec448440" />
<c t="0" d="20000000" r="5" /></StreamIndex>
<StreamIndex Type="text" Name="ads" Subtype="SCMD" ParentStreamIndex="video" QualityLevels="1" TimeScale="1000" Url="QualityLevels({bitrate})/Fragments(ads={start time})">
<QualityLevel Index="0" Bitrate="0" FourCC="" /><c t="1000" d="500" /></StreamIndex>
<StreamIndex Type="text" Name="cues" Subtype="DATA" ParentStreamIndex="video" ManifestOutput="true" QualityLevels="1" TimeScale="1000" Url="QualityLevels({bitrate})/Fragments(cues={start time})">
<QualityLevel Index="0" Bitrate="0" FourCC="" /><c t="1000" d="500"><f>QQ==</f></c></StreamIndex>
</SmoothStreamingMedia>`)
	}
	ct := func(v string) http.Header { return http.Header{"Content-Type": {v}} }
	for _, c := range []struct {
		live  string
		hdrs  []http.Header
		ads   []uint64 // the ads stream's fragment starts after
		cues  int      // the inline stream's fragments after
		lines []string // parts of the lines logged
	}{
		{"TRUE", []http.Header{ct(`video/mp4;ChildTrack="ads=3000"`)}, []uint64{1000, 3000}, 1, []string{`"ads" t=3000: announced`}},
		{"TRUE", []http.Header{ct(`video/mp4;ChildTrack="ads=3000"`), ct(`video/mp4;ChildTrack="ads=3000"`)}, []uint64{1000, 3000}, 1, []string{"t=3000"}},
		{"TRUE", []http.Header{ct(`video/mp4;ChildTrack="ads=1200"`)}, []uint64{1000}, 1, nil}, // within the known one
		{"TRUE", []http.Header{ct(`video/mp4;ChildTrack="ads=4001"`)}, []uint64{1000}, 1, nil}, // past the fragment's end (4 s)
		{"TRUE", []http.Header{ct(`video/mp4;ChildTrack="cues=3000,other=5"`)}, []uint64{1000}, 1, nil},
		{"TRUE", []http.Header{ct("video/mp4"), {}}, []uint64{1000}, 1, nil},
		{"FALSE", []http.Header{ct(`video/mp4;ChildTrack="ads=3000"`)}, []uint64{1000}, 1, nil},
		{"TRUE", []http.Header{ct(`video/mp4;ChildTrack="ads=x"`), ct(`video/mp4;ChildTrack="ads"`)}, []uint64{1000}, 1,
			[]string{`video fragment at t=40000000: Content-Type ChildTrack entry "ads=x": time "x" is not an unsigned integer: its Sparse Stream Pointers are not followed`}},
	} {
		m, err := smooth.ParseManifestBytes(doc(c.live), "p.isml/Manifest")
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		s := &smoothSource{man: m, host: logHost{lines: &lines}}
		for _, si := range m.Streams {
			s.tracks = append(s.tracks, newSmoothTrack(s, si, nil))
		}
		for _, h := range c.hdrs {
			s.pointSparse(s.tracks[0], 40_000_000, h)
		}
		var ads []uint64
		s.tracks[1].si.Timeline.Each(func(f smooth.Fragment) bool { ads = append(ads, f.Start); return true })
		if fmt.Sprint(ads) != fmt.Sprint(c.ads) || s.tracks[2].si.Timeline.Len() != uint64(c.cues) {
			t.Errorf("%s %v: ads at %v, %d inline, want %v, %d", c.live, c.hdrs, ads, s.tracks[2].si.Timeline.Len(), c.ads, c.cues)
		}
		if len(lines) != len(c.lines) {
			t.Errorf("%v: logged %q, want %d lines", c.hdrs, lines, len(c.lines))
			continue
		}
		for i, l := range c.lines {
			if !strings.Contains(lines[i], l) {
				t.Errorf("logged %q, want %q", lines[i], l)
			}
		}
	}
}
