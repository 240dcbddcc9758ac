package player_test

import (
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/origin"
	"github.com/smoothie-player/smoothie/player"
)

// A looped VOD restarting at its end is a loop in the events and stats, not a seek.
func TestLoopIsNotASeek(t *testing.T) {
	t.Parallel()
	url, _ := serve(t, origin.Config{})
	r := play(t, player.Config{URL: url, Loop: true, PlayFor: clipSeconds*time.Second + time.Second}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if r.stats.Loops != 1 || r.count("loop") != 1 || r.count("seek") != 0 {
		t.Fatalf("%d loops in the stats, %d loop and %d seek lines in the stats JSON", r.stats.Loops, r.count("loop"), r.count("seek"))
	}
	for _, l := range r.lines {
		if l["type"] == "loop" && l["loops"].(float64) != 1 {
			t.Errorf("loop line %v, want loops 1", l)
		}
	}
}

// Switching the audio track goes on from the playhead: it does not jump back to the
// start of the fragment (2 s here) holding it, and it is no seek.
func TestAudioSwitchResumesAtThePlayhead(t *testing.T) {
	t.Parallel()
	url, _ := serve(t, origin.Config{})
	var at, lowest time.Duration
	r := play(t, player.Config{URL: url, PlayFor: 4 * time.Second}, func(s *player.Session) {
		for s.Stats().Position < 2600*time.Millisecond {
			time.Sleep(5 * time.Millisecond)
		}
		at = s.Stats().Position
		lowest = at
		s.SelectAudio(0) // the clip has one audio stream: the switch restarts it
		for end := time.Now().Add(time.Second); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
			lowest = min(lowest, s.Stats().Position)
		}
	})
	if r.err != nil {
		t.Fatal(r.err)
	}
	st := r.stats
	t.Logf("switched at %v, lowest position after %v; %d decoded, %d shown, %d dropped", at, lowest, st.FramesDecoded, st.FramesShown, st.FramesDropped)
	if lowest < at-100*time.Millisecond {
		t.Errorf("the playhead went back from %v to %v at an audio switch", at, lowest)
	}
	if r.count("seek") != 0 {
		t.Errorf("%d seek lines for an audio switch", r.count("seek"))
	}
	if st.FramesDropped > 5 {
		t.Errorf("shown %d + dropped %d, decoded %d", st.FramesShown, st.FramesDropped, st.FramesDecoded)
	}
}

// TestLoopFetchesTheNextLapAhead: a looped presentation's next lap is fetched before
// the end is reached, so the buffer does not drain at the loop point (it did: every
// loop restarted the pipeline at 0 with empty buffers).
func TestLoopFetchesTheNextLapAhead(t *testing.T) {
	t.Parallel()
	url, _ := serve(t, origin.Config{})
	low := time.Hour // the least video buffer in the last second before the loop point
	r := play(t, player.Config{URL: url, Loop: true, BufferTarget: 6 * time.Second, PlayFor: clipSeconds*time.Second + 3*time.Second},
		func(s *player.Session) {
			for {
				st := s.Stats()
				if st.Loops > 0 || st.State == player.StateEnded {
					return
				}
				if st.State == player.StatePlaying && st.Position > (clipSeconds-1)*time.Second {
					low = min(low, st.Video.Buffer)
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	if r.err != nil {
		t.Fatal(r.err)
	}
	var loopAt, refetchAt float64 = -1, -1
	seen := 0
	for _, l := range r.lines {
		switch {
		case l["type"] == "loop" && loopAt < 0:
			loopAt = l["t_s"].(float64)
		case l["type"] == "fragment" && l["kind"] == "video" && l["start_s"].(float64) == 0:
			if seen++; seen == 2 {
				refetchAt = l["t_s"].(float64)
			}
		}
	}
	t.Logf("loop at %.3fs, the next lap's first video fragment at %.3fs; least buffer before the loop %v; %d stalls", loopAt, refetchAt, low, r.stats.Stalls)
	if r.stats.Loops != 1 || r.stats.Stalls != 0 || refetchAt < 0 || refetchAt >= loopAt {
		t.Errorf("%d loops, %d stalls; next lap fetched at %.3fs, loop at %.3fs", r.stats.Loops, r.stats.Stalls, refetchAt, loopAt)
	}
	if low < 2*time.Second {
		t.Errorf("the video buffer fell to %v before the loop point (target 6 s)", low)
	}
}
