package player_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/origin"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/smooth"
)

// sparseStreams, added to the fixture's manifest: chapters over their Url (at 0
// and 2 s), and SCTE-35 inline (the SCTE 35 standard's splice_insert, at 3 s).
const sparseStreams = `<StreamIndex Type="text" Name="chapters" Subtype="CHAP" ParentStreamIndex="video" QualityLevels="1" TimeScale="10000000" Url="QualityLevels({bitrate})/Fragments(chapters={start time})">
<QualityLevel Index="0" Bitrate="0" FourCC="" /><c t="0" d="20000000" /><c t="20000000" d="40000000" /></StreamIndex>
<StreamIndex Type="text" Name="ads" Subtype="DATA" ParentStreamIndex="video" ManifestOutput="true" QualityLevels="1" TimeScale="10000000">
<QualityLevel Index="0" Bitrate="0" FourCC=""><CustomAttributes><Attribute Name="Scheme" Value="urn:scte:scte35:2013:bin" /></CustomAttributes></QualityLevel>
<c t="30000000" d="10000000"><f>/DAvAAAAAAAA///wFAVIAACPf+/+c2nALv4AUsz1AAAAAAAKAAhDVUVJAAABNWLbowo=</f></c></StreamIndex>
</SmoothStreamingMedia>`

var chapterRequest = regexp.MustCompile(`Fragments\(chapters=(\d+)\)`)

// TestSparseWithRealMedia: the FFmpeg-made presentation, served by the origin on
// loopback with a chapter stream and a SCTE-35 stream added, plays headless with
// FFmpeg's decoders without waiting for them (no stall)
// and its stats-json has a cue line for each chapter and the SCTE-35 message when
// the playhead reaches them.
func TestSparseWithRealMedia(t *testing.T) {
	_, o := serve(t, origin.Config{})
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if m := chapterRequest.FindStringSubmatch(r.URL.Path); m != nil {
			at, _ := strconv.ParseUint(m[1], 10, 64)
			f := &smooth.MediaFragment{Sequence: 1, TrackID: 1, Time: at, Duration: 20000000, HasTfxd: true, HasData: true,
				Samples: []media.Sample{{Time: at, Duration: 20000000, Timescale: 10000000, Keyframe: true, Data: []byte("Chapter " + m[1])}}}
			b, err := f.Marshal(1)
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			w.Write(b)
			return
		}
		if !strings.HasSuffix(r.URL.Path, "/Manifest") {
			o.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		o.ServeHTTP(rec, r)
		w.Write([]byte(strings.Replace(rec.Body.String(), "</SmoothStreamingMedia>", sparseStreams, 1)))
	}))
	defer hs.Close()
	late := player.OnTime(t).Seconds()
	r := play(t, player.Config{URL: hs.URL + "/clip.ism/Manifest", PlayFor: 4 * time.Second}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	st := r.stats
	var got []string
	for _, l := range linesOf(r, "cue") {
		start, pos := l["start_s"].(float64), l["pos_s"].(float64)
		t.Logf("%s at %.3f s (playhead %.3f s): %.50s", l["kind"], start, pos, l["text"])
		got = append(got, l["kind"].(string)+" "+strconv.FormatFloat(start, 'f', 1, 64))
		if d := pos - start; d < 0 || d > late {
			t.Errorf("%s cue at %.3f s reached at %.3f s", l["kind"], start, pos)
		}
	}
	t.Logf("%d frames shown, %d dropped, %d stalls; %v; chapters %v", st.FramesShown, st.FramesDropped, st.Stalls, player.SparseTracks(st), st.Chapters)
	if want := []string{"chapter 0.0", "chapter 2.0", "scte35 3.0"}; strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("cues %q, want %q", got, want)
	}
	// Frames dropped are the machine's load (a fuzzer beside it dropped 1 to 10
	// of 100), not the sparse streams: waiting for them would be a stall.
	if st.Stalls != 0 || st.FramesShown == 0 || st.Played < 4*time.Second {
		t.Errorf("played %v: %d frames shown, %d dropped, %d stalls", st.Played, st.FramesShown, st.FramesDropped, st.Stalls)
	}
}
