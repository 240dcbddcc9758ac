package playertest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/player/playertest"
)

// everyEvent is one event of each type of player/events.go.
func everyEvent() []player.Event {
	at := func(d time.Duration) player.At { return player.At(d) }
	return []player.Event{
		player.StateEvent{At: at(0), State: player.StateLoading},
		player.ManifestEvent{At: at(12 * time.Millisecond), Live: false},
		player.ManifestEvent{At: at(13 * time.Millisecond), Live: true},
		player.FragmentEvent{At: at(250 * time.Millisecond), Kind: media.KindVideo, Bitrate: 300000, Start: 0, Duration: 2 * time.Second, Bytes: 75000, TTFB: 20 * time.Millisecond, Took: 180 * time.Millisecond},
		player.FragmentEvent{At: at(400 * time.Millisecond), Kind: media.KindAudio, Bitrate: 128000, Start: 2 * time.Second, Duration: 2 * time.Second, Bytes: 32000, TTFB: 5 * time.Millisecond, Took: 40 * time.Millisecond, Throughput: 2_500_000},
		player.SwitchEvent{At: at(12345 * time.Millisecond), Kind: media.KindVideo, From: 300000, To: 800000, Reason: "buffer 12.0 s, throughput 2.5 Mb/s", Throughput: 2_500_000},
		player.SwitchEvent{At: at(13 * time.Second), Kind: media.KindVideo, From: 800000, To: 300000, Pinned: true},
		player.StateEvent{At: at(14 * time.Second), State: player.StatePlaying},
		player.StallEvent{At: at(20 * time.Second), Position: 19960 * time.Millisecond},
		player.ResumeEvent{At: at(21200 * time.Millisecond), Stalled: 1200 * time.Millisecond},
		player.ErrorEvent{At: at(22 * time.Second), Msg: `fragment 4 of "video": 503`},
		player.ErrorEvent{At: at(23 * time.Second), Msg: "manifest gone", Fatal: true},
		player.SeekEvent{At: at(24 * time.Second), From: 23 * time.Second, To: 60 * time.Second},
		player.SeekEvent{At: at(25 * time.Second), From: 60 * time.Second, To: 58 * time.Second, Reason: "skipped to live edge after 7.2 s stall"},
		player.LoopEvent{At: at(90 * time.Second), Loops: 2},
		player.StateEvent{At: at(91 * time.Second), State: player.StateEnded},
	}
}

func TestFormatEveryEvent(t *testing.T) {
	ch := make(chan player.Event, 64)
	for _, e := range everyEvent() {
		ch <- e
	}
	close(ch)
	log := playertest.Record(ch)
	log.Wait()
	got := log.String()
	if !strings.HasPrefix(got, "t=0.000s state loading\n") || strings.Count(got, "\n") != len(everyEvent()) {
		t.Fatalf("log:\n%s", got)
	}
	playertest.Golden(t, "events", got)
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0.000s", 12345 * time.Millisecond: "12.345s", -40 * time.Millisecond: "-0.040s",
		1500 * time.Microsecond: "0.002s", 3 * time.Hour: "10800.000s",
	} {
		if got := playertest.FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestFirstDiff(t *testing.T) {
	if d := playertest.FirstDiff("a\nb\n", "a\nb\n"); d != "" {
		t.Errorf("equal: %q", d)
	}
	if d := playertest.FirstDiff("a\nb\n", "a\nc\n"); !strings.Contains(d, "line 2") {
		t.Errorf("differ: %q", d)
	}
	if d := playertest.FirstDiff("a\n", "a\nb\n"); !strings.Contains(d, "line 2") {
		t.Errorf("longer: %q", d)
	}
	for _, c := range []struct {
		name, want, got string
		same            bool
	}{
		{"one instant in another order", "t=0.420s switch\nt=0.420s error\nt=0.466s fragment\n", "t=0.420s error\nt=0.420s switch\nt=0.466s fragment\n", true},
		{"across instants", "t=0.420s switch\nt=0.466s error\n", "t=0.466s error\nt=0.420s switch\n", false},
		{"a line of its own kind at one instant", "t=0.420s switch\nt=0.420s error\n", "t=0.420s switch\nt=0.420s stall\n", false},
		{"untimed lines keep their order", "b\na\n", "a\nb\n", false},
	} {
		if d := playertest.FirstDiff(c.want, c.got); (d == "") != c.same {
			t.Errorf("%s: FirstDiff %q, want same=%v", c.name, d, c.same)
		}
	}
}
