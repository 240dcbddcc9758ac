package pack

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/decode/encode"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/origin"
	"github.com/smoothie-player/smoothie/smooth"
	"github.com/smoothie-player/smoothie/text/ttml"
)

const testSRT = `1
00:00:00,500 --> 00:00:01,500
first

2
00:00:01,800 --> 00:00:02,600
<i>across</i> the boundary

3
00:00:04,000 --> 00:00:09,000
past the end
`

// TestPackSubtitles packs 5 s of synthetic video with an SRT in 2 s text
// fragments: the manifest lists a SUBT/TTML text stream in English over the
// presentation's length, its .ismt holds one TTML sample a fragment with the cues
// that overlap it, relative and clipped, which read back and joined are the SRT's
// cues (the last cut at the end), and the origin serves its fragments.
func TestPackSubtitles(t *testing.T) {
	encode.QuietLogs()
	tmp := t.TempDir()
	srt := filepath.Join(tmp, "subs.srt")
	if err := os.WriteFile(srt, []byte(testSRT), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(tmp, "out")
	res, err := Pack(context.Background(), Input{Synthetic: 5 * time.Second}, dir, Config{Levels: testLadder()[:1],
		Subtitles: []SubtitleFile{{Path: srt, Language: "en"}}, TextFragment: 2 * time.Second}, nil)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, res.Manifest))
	if err != nil {
		t.Fatal(err)
	}
	m, err := smooth.ParseManifest(bytes.NewReader(raw), res.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	var text *smooth.StreamIndex
	for _, s := range m.Streams {
		if s.Type == media.KindText {
			text = s
		}
	}
	if text == nil || text.Subtype != "SUBT" || text.Language != "en" || len(text.Levels) != 1 || text.Levels[0].FourCC != "TTML" {
		t.Fatalf("text stream %+v", text)
	}
	if n := text.Timeline.Len(); n != 3 {
		t.Fatalf("%d text fragments over 5 s in 2 s fragments, want 3", n)
	}
	file := filepath.Join(dir, "demo_text_en.ismt")
	frags := readTrack(t, file)
	data, _ := os.ReadFile(file)
	var got []ttml.Cue
	for i, f := range frags {
		mf, err := smooth.ParseFragment(data[f.Offset:f.Offset+f.Size], smooth.FragmentOptions{Timescale: encode.Timescale, Start: f.Time, Kind: media.KindText})
		if err != nil || len(mf.Samples) != 1 {
			t.Fatalf("fragment %d: %v (%d samples)", i, err, len(mf.Samples))
		}
		at := smooth.Seconds(f.Time, encode.Timescale)
		cues, err := ttml.Parse(mf.Samples[0].Data, ttml.Options{Relative: true, Offset: at})
		if err != nil {
			t.Fatalf("fragment %d: %v\n%s", i, err, mf.Samples[0].Data)
		}
		for _, c := range cues {
			if c.Begin < at || c.End > at+smooth.Seconds(f.Duration, encode.Timescale) {
				t.Errorf("fragment %d (%v+%v) holds a cue %v–%v beyond it", i, at, smooth.Seconds(f.Duration, encode.Timescale), c.Begin, c.End)
			}
		}
		got = ttml.Join(got, cues)
	}
	want := []struct {
		begin, end time.Duration
		text       string
		italic     bool
	}{{500 * time.Millisecond, 1500 * time.Millisecond, "first", false},
		{1800 * time.Millisecond, 2600 * time.Millisecond, "across the boundary", true},
		{4 * time.Second, smooth.Seconds(m.Duration, encode.Timescale), "past the end", false}} // cut at the presentation's end
	if len(got) != len(want) {
		t.Fatalf("%d cues read back, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Begin != w.begin || g.End != w.end || g.Text() != w.text || g.Lines[0][0].Italic != w.italic {
			t.Errorf("cue %d: %v–%v %q (italic %v), want %v–%v %q (italic %v)", i, g.Begin, g.End, g.Text(), g.Lines[0][0].Italic, w.begin, w.end, w.text, w.italic)
		}
	}
	// The origin serves the text fragments by the manifest's URL.
	o, err := origin.New(origin.Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	srv := httptest.NewServer(o)
	defer srv.Close()
	base, _ := url.Parse(srv.URL + "/demo.ism/Manifest")
	u, err := smooth.ResolveFragmentURL(base, text.FragmentURL(text.Levels[0], 2*encode.Timescale))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(u.String())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(u.String(), "Fragments(text=20000000)") {
		t.Errorf("GET %s: %s", u, resp.Status)
	}
}

// TestPackSubtitlesGStreamer: GStreamer's playbin (mssdemux) plays a presentation
// packed with a text track to the end, from the origin: a player that does not
// know the text track is not hindered by it.
func TestPackSubtitlesGStreamer(t *testing.T) {
	gst, err := exec.LookPath("gst-launch-1.0")
	if err != nil {
		t.Fatal("gst-launch-1.0 is not installed (make deps installs it)")
	}
	encode.QuietLogs()
	tmp := t.TempDir()
	srt := filepath.Join(tmp, "subs.srt")
	if err := os.WriteFile(srt, []byte(testSRT), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(tmp, "out")
	if _, err := Pack(context.Background(), Input{Synthetic: 3 * time.Second}, dir, Config{Levels: testLadder()[:1],
		Subtitles: []SubtitleFile{{Path: srt, Language: "en"}}, TextFragment: 2 * time.Second}, nil); err != nil {
		t.Fatal(err)
	}
	o, err := origin.New(origin.Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	srv := httptest.NewServer(o)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, gst, "playbin", "uri="+srv.URL+"/demo.ism/Manifest", "video-sink=fakesink", "audio-sink=fakesink")
	cmd.Env = append(os.Environ(), "GST_DEBUG=*:1")
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "EOS") {
		t.Fatalf("gst-launch-1.0 playbin: %v\n%s", err, out)
	}
}
