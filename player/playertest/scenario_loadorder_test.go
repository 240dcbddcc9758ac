package playertest_test

import (
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player/playertest"
)

// The load order (loadorder.go): the track furthest behind loads first, both ways.
// An audio track whose first fragment takes 1.5 s to answer holds video at a
// fragment ahead of it (video's first two fragments, then nothing until audio's
// arrives), and video goes on at once when it does.
func TestLoadOrderScenarios(t *testing.T) {
	const late = 1500 * time.Millisecond
	runScenarios(t, []scenario{
		{name: "video-waits-for-late-audio", src: playertest.SourceConfig{Video: ladder, Audio: []string{"en"}, Link: constant(10e6),
			Delay: func(l playertest.Load) time.Duration {
				if l.Kind == media.KindAudio && l.Index == 0 {
					return late
				}
				return 0
			}},
			check: func(t *testing.T, o *outcome) {
				wantEnded(t, o, time.Minute)
				var early []int
				var resumed time.Duration
				for _, l := range loadsOf(o, media.KindVideo) {
					if l.At < late {
						early = append(early, l.Index)
					} else if resumed == 0 {
						resumed = l.At
					}
				}
				if len(early) != 2 {
					t.Errorf("video chunks %v asked for while audio's first fragment was late, want 0 and 1", early)
				}
				// Audio's first fragment (32 KB at 10 Mbit/s after its 1.5 s) is in
				// by about 1.55 s; video's next request follows it, not a poll.
				if resumed > late+100*time.Millisecond {
					t.Errorf("video went on at %v, want right after audio's first fragment (~%v)", resumed, late)
				}
			}},
	})
}
