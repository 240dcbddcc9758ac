package player

import (
	"fmt"
	"testing"

	"github.com/smoothie-player/smoothie/smooth"
)

// liveTextManifest is a live manifest with video, two subtitle tracks and a
// chapter stream, each with n fragments of 2 s.
func liveTextManifest(t *testing.T, n int) *smooth.Manifest {
	t.Helper()
	c := fmt.Sprintf(`<c t="0" d="20000000" r="%d" />`, n)
	doc := `<SmoothStreamingMedia MajorVersion="2" MinorVersion="2" Duration="0" IsLive="TRUE" LookaheadCount="0">
<StreamIndex Type="video" Name="video" QualityLevels="1" Url="QualityLevels({bitrate})/Fragments(video={start time})">
<QualityLevel Index="0" Bitrate="300000" FourCC="H264" MaxWidth="320" MaxHeight="240" CodecPrivateData="0000000167f4000d919b28283f6022000003000200000300641e28532c0000000168ebec448440" />` + c + `</StreamIndex>
<StreamIndex Type="text" Name="en" Subtype="SUBT" Language="en" QualityLevels="1" Url="QualityLevels({bitrate})/Fragments(en={start time})"><QualityLevel Index="0" Bitrate="1000" FourCC="TTML" />` + c + `</StreamIndex>
<StreamIndex Type="text" Name="fr" Subtype="SUBT" Language="fr" QualityLevels="1" Url="QualityLevels({bitrate})/Fragments(fr={start time})"><QualityLevel Index="0" Bitrate="1000" FourCC="TTML" />` + c + `</StreamIndex>
<StreamIndex Type="text" Name="chapters" Subtype="CHAP" QualityLevels="1" Url="QualityLevels({bitrate})/Fragments(chapters={start time})"><QualityLevel Index="0" Bitrate="0" FourCC="" />` + c + `</StreamIndex>
</SmoothStreamingMedia>`
	m, err := smooth.ParseManifestBytes([]byte(doc), "live")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestRefreshFollowsEveryTextStream: a refresh grows the timeline of every text
// and sparse stream, whichever (if any) is shown, beside the selected video's; a
// stream the session does not play is not selected for it.
func TestRefreshFollowsEveryTextStream(t *testing.T) {
	src := &smoothSource{cfg: &Config{}, man: liveTextManifest(t, 3), host: quietHost{}}
	for _, si := range src.man.Streams {
		src.tracks = append(src.tracks, newSmoothTrack(src, si, nil))
	}
	src.Select([]SourceTrack{src.tracks[0]})
	if err := src.merge(liveTextManifest(t, 5)); err != nil {
		t.Fatal(err)
	}
	for _, tr := range src.tracks {
		if n := tr.si.Timeline.Len(); n != 5 {
			t.Errorf("%s %q: %d fragments after the refresh, want 5", tr.si.Type, tr.si.Name, n)
		}
	}
	if len(src.selected) != 1 {
		t.Errorf("%d tracks selected, want the video", len(src.selected))
	}
}
