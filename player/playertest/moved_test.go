package playertest_test

import (
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/player/playertest"
)

// The scenarios below were real-time tests in package player (a real origin, FFmpeg
// decoding, a 6 s clip); they need no real decoding, so they run here in virtual
// time on a longer presentation, with the same assertions.

// TestMovedScenarios: TestSeek, TestPinnedQuality, TestStartPosition,
// TestStallStopsTheClock and TestEventsAndBoundedBuffer of package player.
func TestMovedScenarios(t *testing.T) {
	var maxBuf time.Duration
	runScenarios(t, []scenario{
		{name: "seek-snaps-to-the-fragment", src: playertest.SourceConfig{Video: ladder, Audio: []string{"en"}, Chunks: 60},
			script: func(s *player.Session, clk *playertest.Clock) {
				after(s, clk, 500*time.Millisecond)
				s.Seek(45500 * time.Millisecond)
			},
			check: func(t *testing.T, o *outcome) {
				wantEnded(t, o, 75*time.Second)
				if o.count("seek") != 1 || o.count("seek", "→44.000s") != 1 {
					t.Errorf("%d seek lines, want one to 44 s (the start of the fragment holding 45.5 s)", o.count("seek"))
				}
				// Played: ~0.6 s before the seek and 76 s after it.
				if o.st.Played > 78*time.Second || o.st.Position < 119*time.Second {
					t.Errorf("played %v, position %v", o.st.Played, o.st.Position)
				}
			}},
		pinned("pin-level-2", player.Quality{Level: 2}, 1),
		pinned("pin-bitrate-below-the-ladder", player.Quality{Bitrate: 150_000}, 0),
		{name: "start-position", src: playertest.SourceConfig{Video: ladder, Audio: []string{"en"}, Chunks: 32},
			cfg: player.Config{Start: 2 * time.Second},
			check: func(t *testing.T, o *outcome) {
				wantEnded(t, o, 62*time.Second)
				if st := o.st; st.FramesDecoded != 62*25 || st.Stalls != 0 {
					t.Errorf("from 2 s: %d frames, %d stalls", st.FramesDecoded, st.Stalls)
				}
			}},
		{name: "stall-stops-the-clock", src: playertest.SourceConfig{Video: ladder, Audio: []string{"en"}, Link: constant(2_500_000)},
			// The top level (3 Mbit/s) pinned over a link too slow for it: the buffer runs dry.
			cfg: player.Config{Quality: player.Quality{Level: 4}},
			check: func(t *testing.T, o *outcome) {
				wantEnded(t, o, time.Minute)
				st := o.st
				if st.Stalls == 0 || o.count("stall at") != st.Stalls || o.count("resume after") != st.Stalls || st.StallTime <= 0 {
					t.Fatalf("%d stalls, %d stall lines, %d resume lines, %v stalled", st.Stalls, o.count("stall at"), o.count("resume after"), st.StallTime)
				}
				// The clock stood still while stalled: all the media played, and it
				// took at least the media time plus the stall time.
				if o.took < st.Played+st.StallTime-200*time.Millisecond {
					t.Errorf("played %v with %v stalled in %v", st.Played, st.StallTime, o.took)
				}
			}},
		{name: "bounded-buffer", src: playertest.SourceConfig{Video: ladder, Audio: []string{"en"}},
			cfg: player.Config{BufferTarget: 2 * time.Second},
			script: func(s *player.Session, clk *playertest.Clock) {
				maxBuf = 0
				for st := s.Stats(); st.State != player.StateEnded; st = s.Stats() {
					maxBuf = max(maxBuf, st.Video.Buffer, st.Audio.Buffer)
					clk.Sleep(20 * time.Millisecond)
				}
			},
			check: func(t *testing.T, o *outcome) {
				wantEnded(t, o, time.Minute)
				// The scheduler stops at the target; one fragment can take it past.
				if maxBuf > 2*time.Second+2*time.Second || maxBuf < time.Second {
					t.Errorf("buffer reached %v with a 2 s target", maxBuf)
				}
				if n := o.count("fragment "); n == 0 || n != o.st.Fragments || o.count("state ") == 0 {
					t.Errorf("%d fragment events of %d, %d state events", n, o.st.Fragments, o.count("state "))
				}
			}},
	})
}

// pinned is a scenario with the video pinned by q from the start: every video
// fragment is at ladder[want], and the stats say so.
func pinned(name string, q player.Quality, want int) scenario {
	return scenario{name: name, src: playertest.SourceConfig{Video: ladder, Audio: []string{"en"}}, cfg: player.Config{Quality: q},
		check: func(t *testing.T, o *outcome) {
			wantEnded(t, o, time.Minute)
			for _, l := range o.src.Loads() {
				if l.Kind == media.KindVideo && l.Level != want {
					t.Errorf("pin %v: a fragment at level %d, want %d", q, l.Level, want)
				}
			}
			if o.st.Video.Bitrate != int64(ladder[want]) || o.st.Pinned != q {
				t.Errorf("pin %v: stats say level %d at %d", q, o.st.Video.Level, o.st.Video.Bitrate)
			}
		}}
}
