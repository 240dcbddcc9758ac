package playertest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/player/playertest"
)

// A scenario is a session on the fake source in virtual time: the source, the
// config, a script of controls at virtual times, and what must hold at the end.
// Each runs twice (the event logs must be identical: determinism) and its log is
// compared with testdata/scenario-NAME.golden.
type scenario struct {
	name string
	src  playertest.SourceConfig
	cfg  player.Config
	// script runs beside the session (use clk.Sleep to wait for virtual times).
	script func(s *player.Session, clk *playertest.Clock)
	check  func(t *testing.T, r *outcome)
	// dec configures the fake decoders (VideoFrameTime defaults to 2 ms).
	dec playertest.DecoderOptions
	// captions: the video sink draws subtitles (a playertest.CaptionSink), each
	// frame taking showTime.
	captions bool
	showTime time.Duration
}

// outcome is a finished scenario.
type outcome struct {
	log      string
	lines    []string
	st       player.Stats
	err      error
	src      *playertest.Source
	video    *playertest.VideoSink
	captions *playertest.CaptionSink // when the scenario asks for one
	audio    *playertest.AudioSink
	decs     *playertest.Decoders
	took     time.Duration // virtual
	fires    uint64        // timers the clock fired
}

// count is how many log lines contain every one of subs.
func (o *outcome) count(subs ...string) int { return len(o.with(subs...)) }

// with is the log lines containing every one of subs.
func (o *outcome) with(subs ...string) []string {
	var out []string
	for _, l := range o.lines {
		all := true
		for _, s := range subs {
			all = all && strings.Contains(l, s)
		}
		if all {
			out = append(out, l)
		}
	}
	return out
}

// play runs sc once.
func (sc scenario) play(t *testing.T) *outcome {
	o := &outcome{}
	clk := playertest.NewClock()
	playertest.Run(t, clk, 10*time.Minute, func(ctx context.Context) {
		o.src = playertest.NewSource(sc.src) // a fresh one each run
		cfg := sc.cfg
		cfg.Source, cfg.Clock = o.src, clk
		o.video = playertest.NewVideoSink(clk)
		cfg.VideoSink = o.video
		if sc.captions {
			o.captions = playertest.NewCaptionSink(clk)
			o.captions.ShowTime = sc.showTime
			o.video, cfg.VideoSink = o.captions.VideoSink, o.captions
		}
		if cfg.AudioSink == nil {
			o.audio = playertest.NewAudioSink(clk, playertest.AudioSinkOptions{})
			cfg.AudioSink = o.audio
		}
		dec := sc.dec
		if dec.VideoFrameTime == 0 {
			dec.VideoFrameTime = 2 * time.Millisecond
		}
		o.decs = playertest.Install(&cfg, dec)
		s, err := player.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		l, stop := playertest.Subscribe(s, 0)
		done := make(chan struct{})
		if sc.script != nil {
			go func() {
				defer close(done)
				sc.script(s, clk)
			}()
		} else {
			close(done)
		}
		o.err = s.Run(ctx)
		stop()
		<-done
		o.st, o.log, o.took, o.fires = s.Stats(), l.String(), clk.Elapsed(), clk.Fires()
		o.lines = l.Lines()
	})
	return o
}

// runScenarios plays each scenario twice, compares the logs and runs its checks.
func runScenarios(t *testing.T, scs []scenario) {
	for _, sc := range scs {
		t.Run(sc.name, func(t *testing.T) {
			a := sc.play(t)
			b := sc.play(t)
			if d := playertest.FirstDiff(a.log, b.log); d != "" {
				t.Errorf("two runs differ: %s", d)
			}
			if a.took < time.Minute && a.st.Played < time.Minute {
				t.Errorf("the scenario covers %v of virtual time (%v played): want a minute or more", a.took, a.st.Played)
			}
			t.Logf("%v virtual (%d timers fired), played %v, state %v, %d stalls, %d switches, %d gaps, %d errors, err %v",
				a.took, a.fires, a.st.Played, a.st.State, a.st.Stalls, a.st.Switches, a.st.Gaps, a.st.Errors, a.err)
			sc.check(t, a)
			playertest.Golden(t, "scenario-"+sc.name, a.log)
		})
	}
}

// after waits until the session's playhead has reached pos (polling the virtual
// clock every 100 ms).
func after(s *player.Session, clk *playertest.Clock, pos time.Duration) {
	for st := s.Stats(); st.Position < pos && st.State != player.StateEnded; st = s.Stats() {
		clk.Sleep(100 * time.Millisecond)
	}
}

// ladder is the fake source's usual video ladder.
var ladder = []int{300_000, 800_000, 1_600_000, 3_000_000}

// constant is a link of bps.
func constant(bps float64) func(time.Duration) float64 {
	return func(time.Duration) float64 { return bps }
}

// steps is a link of rates[i] from at[i] on.
func steps(at []time.Duration, rates []float64) func(time.Duration) float64 {
	return func(since time.Duration) float64 {
		r := rates[0]
		for i, a := range at {
			if since >= a {
				r = rates[i]
			}
		}
		return r
	}
}

func wantNoErr(t *testing.T, o *outcome) {
	t.Helper()
	if o.err != nil {
		t.Fatalf("session failed: %v", o.err)
	}
}

func wantEnded(t *testing.T, o *outcome, played time.Duration) {
	t.Helper()
	wantNoErr(t, o)
	if o.st.State != player.StateEnded || o.st.Played < played-time.Second {
		t.Errorf("state %v, played %v: want ended after %v", o.st.State, o.st.Played, played)
	}
	if st := o.st; st.FramesShown+st.FramesDropped+st.FramesFlushed != st.FramesDecoded {
		t.Errorf("frames: %d shown + %d dropped + %d flushed != %d decoded", st.FramesShown, st.FramesDropped, st.FramesFlushed, st.FramesDecoded)
	}
}

func TestScenarios(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "vod-to-the-end", src: playertest.SourceConfig{Video: ladder, Audio: []string{"en"}},
			check: func(t *testing.T, o *outcome) {
				wantEnded(t, o, time.Minute)
				if o.st.FramesShown != 1500 || o.st.Stalls != 0 || o.st.Errors != 0 {
					t.Errorf("%d frames shown of 1500, %d stalls, %d errors", o.st.FramesShown, o.st.Stalls, o.st.Errors)
				}
				if len(o.video.Shown()) != int(o.st.FramesShown) {
					t.Errorf("the sink showed %d frames, the stats say %d", len(o.video.Shown()), o.st.FramesShown)
				}
			}},
		{name: "startup-climbs", src: playertest.SourceConfig{Video: ladder, Audio: []string{"en"}, Link: constant(20e6)},
			check: func(t *testing.T, o *outcome) {
				wantEnded(t, o, time.Minute)
				loads := o.src.Loads()
				if loads[0].Level != 0 && loads[1].Level != 0 {
					t.Errorf("the first video fragment at level %d", loads[0].Level)
				}
				if o.st.Video.Level != len(ladder) {
					t.Errorf("ends at level %d on a 20 Mbit/s link, want the top (%d)", o.st.Video.Level, len(ladder))
				}
			}},
		{name: "slow-link-stays-low", src: playertest.SourceConfig{Video: ladder, Audio: []string{"en"}, Link: constant(1_000_000)},
			check: func(t *testing.T, o *outcome) {
				wantEnded(t, o, time.Minute)
				// Until the buffer is deep (and the end near: the engine spends the
				// buffer there), nothing above what the link carries.
				for _, l := range o.src.Loads() {
					if l.Kind == media.KindVideo && l.Level >= 2 && l.At < 20*time.Second {
						t.Errorf("a %d bit/s fragment over a 1 Mbit/s link at %v: %+v", ladder[l.Level], l.At, l)
					}
				}
				if o.st.Stalls != 0 {
					t.Errorf("%d stalls", o.st.Stalls)
				}
			}},
		{name: "seek-forward", src: playertest.SourceConfig{Video: ladder, Audio: []string{"en"}, Chunks: 60},
			script: func(s *player.Session, clk *playertest.Clock) {
				after(s, clk, 10*time.Second)
				s.Seek(70 * time.Second)
			},
			check: func(t *testing.T, o *outcome) {
				wantEnded(t, o, 60*time.Second)
				if o.count("seek") != 1 || o.count("seek", "→70.000s") != 1 {
					t.Errorf("seek lines: %d, want one to 70 s", o.count("seek"))
				}
				// After the seek, as at the start, audio loads at most a fragment
				// ahead of video's buffered end (the new pipeline's video has not
				// finished loading, whatever the old one's did).
				wantAudioBehindVideo(t, o, "seek")
			}},
		{name: "link-drop-stalls-and-recovers", src: playertest.SourceConfig{Video: ladder, Audio: []string{"en"},
			Link: steps([]time.Duration{0, 20 * time.Second, 50 * time.Second}, []float64{5e6, 50_000, 5e6})},
			cfg: player.Config{BufferTarget: 10 * time.Second},
			check: func(t *testing.T, o *outcome) {
				wantEnded(t, o, time.Minute)
				if o.st.Stalls == 0 || o.count("resume") != o.st.Stalls {
					t.Errorf("%d stalls, %d resumes", o.st.Stalls, o.count("resume"))
				}
			}},
	})
}

// TestScenarioMinute times a minute of VOD on the fake source (25 fps video, audio
// on the sink, the default engine): the scenario BenchmarkScenarioMinute measures.
func TestScenarioMinute(t *testing.T) {
	sc := scenario{src: playertest.SourceConfig{Video: ladder, Audio: []string{"en"}}}
	playertest.Timed(t, func(t *testing.T) uint64 {
		o := sc.play(t)
		if o.err != nil || o.st.Played < time.Minute-time.Second {
			t.Fatalf("played %v: %v", o.st.Played, o.err)
		}
		return o.fires
	})
}

// BenchmarkScenarioMinute reports the wall time of a simulated minute of playback
// on playertest (ns/op; the goal is 50 ms or less).
func BenchmarkScenarioMinute(b *testing.B) { playertest.Bench(b, "TestScenarioMinute") }

// wantAudioBehindVideo checks that after the first log line containing from,
// every audio fragment starts at most two fragments (4 s) after the start of the
// furthest video fragment loaded before it: a fragment past video's buffered end.
func wantAudioBehindVideo(t *testing.T, o *outcome, from string) {
	t.Helper()
	past := false
	video := time.Duration(-1)
	for _, l := range o.lines {
		if !past {
			past = strings.Contains(l, from)
			continue
		}
		var at, start float64
		var kind string
		if _, err := fmt.Sscanf(l, "t=%fs fragment %s", &at, &kind); err != nil {
			continue
		}
		_, rest, ok := strings.Cut(l, " start=")
		if !ok {
			continue
		}
		if _, err := fmt.Sscanf(rest, "%fs", &start); err != nil {
			continue
		}
		st := time.Duration(start * float64(time.Second))
		switch kind {
		case "video":
			video = max(video, st)
		case "audio":
			if video >= 0 && st > video+4*time.Second {
				t.Errorf("audio fragment at %v loaded with video only to %v: %s", st, video, l)
				return
			}
		}
	}
}
