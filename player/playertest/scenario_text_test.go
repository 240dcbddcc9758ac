package playertest_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/player/playertest"
)

// Text tracks (issue #16): the chosen subtitles are fetched beside the audio and
// video, each cue is shown while the playhead is within it (a cue split across
// chunks is one cue), and a text track that fails never stalls playback.
func TestTextScenarios(t *testing.T) {
	cues := []playertest.TextCue{
		{Begin: 1500 * time.Millisecond, End: 3 * time.Second, Text: "first"},
		{Begin: 5 * time.Second, End: 9 * time.Second, Text: "across two chunks"}, // chunks are 2 s
		{Begin: 30 * time.Second, End: 31 * time.Second, Text: "half way"},
	}
	text := []playertest.TextTrack{{Lang: "en", Cues: cues}, {Lang: "fr", Cues: []playertest.TextCue{{Begin: time.Second, End: 2 * time.Second, Text: "premier"}}}}
	cueLines := func(o *outcome) []string { return o.with(" cue text ") }
	runScenarios(t, []scenario{
		{name: "text-shown", src: playertest.SourceConfig{Video: ladder, Audio: []string{"en"}, Text: text},
			cfg: player.Config{Text: "en"},
			check: func(t *testing.T, o *outcome) {
				wantEnded(t, o, time.Minute)
				ls := cueLines(o)
				if len(ls) != len(cues) {
					t.Fatalf("%d cue lines, want %d (one per cue, the split one joined):\n%s", len(ls), len(cues), strings.Join(ls, "\n"))
				}
				for i, c := range cues {
					if !strings.Contains(ls[i], `"`+c.Text+`"`) || !strings.Contains(ls[i], playertest.FormatDuration(c.Begin)+"→"+playertest.FormatDuration(c.End)) {
						t.Errorf("cue %d: %s, want %q from %v to %v", i, ls[i], c.Text, c.Begin, c.End)
					}
				}
				if o.st.Stalls != 0 || o.st.TextTrack != "text_en (en)" {
					t.Errorf("%d stalls, text track %q", o.st.Stalls, o.st.TextTrack)
				}
			}},
		// A sink that draws subtitles gets each cue with the first frame at or
		// after its begin and loses it with the first at or after its end; the
		// cue events are those frames' positions.
		{name: "text-drawn-with-frames", src: playertest.SourceConfig{Video: ladder, Audio: []string{"en"}, Text: text},
			cfg: player.Config{Text: "en"}, captions: true,
			check: func(t *testing.T, o *outcome) {
				wantEnded(t, o, time.Minute)
				const frame = 40 * time.Millisecond // 25 fps
				caps := o.captions.Captions()
				var on []playertest.Captioned
				for _, c := range caps {
					if len(c.Texts) > 0 {
						on = append(on, c)
					}
				}
				if len(on) != len(cues) || len(caps) != 2*len(cues) {
					t.Fatalf("%d caption changes (%d with a cue), want %d on and %d off: %+v", len(caps), len(on), len(cues), len(cues), caps)
				}
				for i, c := range cues {
					if d := on[i].PTS - c.Begin; d < 0 || d >= frame || on[i].Texts[0] != c.Text {
						t.Errorf("cue %d %q drawn from the frame at %v (%v after its begin): want the first frame at or after %v", i, on[i].Texts, on[i].PTS, d, c.Begin)
					}
				}
				ls := cueLines(o)
				if len(ls) != len(cues) {
					t.Fatalf("%d cue lines, want %d", len(ls), len(cues))
				}
				for i := range cues {
					if !strings.Contains(ls[i], " at "+playertest.FormatDuration(on[i].PTS)+" ") {
						t.Errorf("cue line %q: want it at the frame's position %v", ls[i], on[i].PTS)
					}
				}
			}},
		// A sink slower than real time: frames are dropped late, and a cue
		// goes on screen with the first frame shown at or after its begin, as
		// many frames later as were dropped since it, which its event says.
		{name: "text-drawn-past-dropped-frames", src: playertest.SourceConfig{Video: ladder, Audio: []string{"en"}, Text: text},
			cfg: player.Config{Text: "en"}, captions: true, showTime: 70 * time.Millisecond,
			check: func(t *testing.T, o *outcome) {
				const frame = 40 * time.Millisecond
				var on []playertest.Captioned
				for _, c := range o.captions.Captions() {
					if len(c.Texts) > 0 {
						on = append(on, c)
					}
				}
				ls := cueLines(o)
				if len(on) != len(cues) || len(ls) != len(cues) || o.st.FramesDropped == 0 {
					t.Fatalf("%d cues drawn, %d cue lines, %d frames dropped: want %d, %d and drops", len(on), len(ls), o.st.FramesDropped, len(cues), len(cues))
				}
				late := 0
				for i, c := range cues {
					dropped := 0
					if _, after, ok := strings.Cut(ls[i], " after "); ok {
						fmt.Sscanf(after, "%d dropped", &dropped)
					}
					if d := on[i].PTS - c.Begin; d < 0 || d >= frame*time.Duration(1+dropped) {
						t.Errorf("cue %d drawn %v after its begin with %d frames dropped since: want under %v", i, d, dropped, frame*time.Duration(1+dropped))
					}
					if dropped > 0 {
						late++
					}
				}
				if late == 0 {
					t.Errorf("no cue line counts a dropped frame though %d were dropped:\n%s", o.st.FramesDropped, strings.Join(ls, "\n"))
				}
			}},
		{name: "text-off-by-default", src: playertest.SourceConfig{Video: ladder, Audio: []string{"en"}, Text: text},
			check: func(t *testing.T, o *outcome) {
				wantEnded(t, o, time.Minute)
				if n := len(cueLines(o)); n != 0 || o.st.TextTrack != "" {
					t.Errorf("%d cue lines, text track %q: want none", n, o.st.TextTrack)
				}
				for _, l := range o.src.Loads() {
					if l.Kind.String() == "text" {
						t.Fatalf("a text chunk was loaded with subtitles off: %+v", l)
					}
				}
			}},
		// Every text load fails: the audio and video play on, no stall.
		{name: "text-track-lost", src: playertest.SourceConfig{Video: ladder, Audio: []string{"en"}, Text: text,
			Fault: func(l playertest.Load) error {
				if l.Kind.String() == "text" {
					return errTextDown
				}
				return nil
			}},
			cfg: player.Config{Text: "en"},
			check: func(t *testing.T, o *outcome) {
				wantEnded(t, o, time.Minute)
				if o.st.Stalls != 0 || o.err != nil || o.st.Gaps != 0 {
					t.Errorf("%d stalls, %d gaps, err %v: a text track lost must cost nothing", o.st.Stalls, o.st.Gaps, o.err)
				}
				// Shown as unavailable after 3 fragments lost, and not asked for again.
				if !strings.Contains(o.st.TextTrack, "unavailable: ") || o.count("skipped text fragment") != 3 {
					t.Errorf("text track %q, %d fragments skipped: want it unavailable after 3", o.st.TextTrack, o.count("skipped text fragment"))
				}
			}},
	})
}

var errTextDown = &textDownError{}

type textDownError struct{}

func (*textDownError) Error() string { return "text origin down" }

// TestDiscardMediaIgnoresDrops: frames dropped late (a sink slower than the frame
// rate) cap the level through the engine's dropped-frames rule, except in a
// decoder-free session (DiscardMedia: smoothie load, play --decode none), where a
// late frame measures the process's scheduling, not the device.
func TestDiscardMediaIgnoresDrops(t *testing.T) {
	capped := func(o *outcome) int { return o.count("switch video", "dropped frames") }
	runScenarios(t, []scenario{
		{name: "drops-cap-the-level", src: playertest.SourceConfig{Video: ladder, Audio: []string{"en"}},
			captions: true, showTime: 70 * time.Millisecond,
			check: func(t *testing.T, o *outcome) {
				if o.st.FramesDropped == 0 || capped(o) == 0 {
					t.Errorf("%d frames dropped, %d switches capped by them: want both", o.st.FramesDropped, capped(o))
				}
			}},
		{name: "drops-ignored-without-decoding", src: playertest.SourceConfig{Video: ladder, Audio: []string{"en"}},
			cfg: player.Config{DiscardMedia: true}, captions: true, showTime: 70 * time.Millisecond,
			check: func(t *testing.T, o *outcome) {
				if o.st.FramesDropped == 0 || capped(o) != 0 {
					t.Errorf("%d frames dropped, %d switches capped by them: want drops and no cap", o.st.FramesDropped, capped(o))
				}
			}},
	})
}
