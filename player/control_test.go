package player

import (
	"testing"
	"time"
)

func TestNextState(t *testing.T) {
	s := time.Second
	base := stateInput{Remaining: 10 * s, StartBuffer: s, RebufferTarget: 2 * s}
	for _, tc := range []struct {
		name   string
		state  State
		remain time.Duration
		tracks []trackState
		want   State
		early  time.Duration
	}{
		{"startup waits", StateBuffering, 10 * s, []trackState{{Ahead: 2 * s}, {Ahead: s / 2}}, StateBuffering, 0},
		{"startup ready", StateBuffering, 10 * s, []trackState{{Ahead: 2 * s}, {Ahead: s}}, StatePlaying, 0},
		{"startup near the end", StateBuffering, s / 4, []trackState{{Ahead: s / 4}}, StatePlaying, 0},
		{"eos counts as ready", StateBuffering, 10 * s, []trackState{{Ahead: 0, EOS: true}, {Ahead: 3 * s}}, StatePlaying, 0},
		{"playing runs dry", StatePlaying, 10 * s, []trackState{{Ahead: 0}, {Ahead: 3 * s}}, StateStalled, 0},
		{"playing on", StatePlaying, 10 * s, []trackState{{Ahead: s / 10}, {Ahead: 3 * s}}, StatePlaying, 0},
		{"stalled needs rebuffer target", StateStalled, 10 * s, []trackState{{Ahead: 3 * s / 2}}, StateStalled, 0},
		{"stalled refilled", StateStalled, 10 * s, []trackState{{Ahead: 2 * s}}, StatePlaying, 0},
		{"all done ends", StatePlaying, 0, []trackState{{Done: true}, {Done: true}}, StateEnded, 0},
		{"one done plays on", StatePlaying, s, []trackState{{Done: true}, {EOS: true}}, StatePlaying, 0},
		{"live startup too near the edge", StateBuffering, time.Hour, []trackState{{Ahead: 4 * s}}, StateBuffering, s},
		{"live startup at the target", StateBuffering, time.Hour, []trackState{{Ahead: 4 * s}}, StatePlaying, -s},
		{"live stall too near the edge", StateStalled, time.Hour, []trackState{{Ahead: 4 * s}}, StateStalled, s},
		{"live playing near the edge plays on", StatePlaying, time.Hour, []trackState{{Ahead: 4 * s}}, StatePlaying, s},
	} {
		in := base
		in.State, in.Remaining, in.Tracks, in.LiveEarly = tc.state, tc.remain, tc.tracks, tc.early
		if got := nextState(in); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestPlaybackClock(t *testing.T) {
	t0 := time.Unix(1000, 0)
	var c playbackClock
	if c.Position(t0.Add(time.Hour)) != 0 {
		t.Fatal("a stopped clock advanced")
	}
	c.Run(true, t0)
	if p := c.Position(t0.Add(1500 * time.Millisecond)); p != 1500*time.Millisecond {
		t.Fatalf("running: %v", p)
	}
	c.Run(false, t0.Add(2*time.Second))
	if p := c.Position(t0.Add(time.Minute)); p != 2*time.Second {
		t.Fatalf("stopped: %v", p)
	}
	c.Run(true, t0.Add(time.Minute))
	c.Set(10*time.Second, t0.Add(time.Minute))
	if p := c.Position(t0.Add(time.Minute + time.Second)); p != 11*time.Second {
		t.Fatalf("after set: %v", p)
	}
	if p := c.Position(t0); p != 10*time.Second {
		t.Fatalf("reading before since: %v", p)
	}
}

func TestLoopWait(t *testing.T) {
	s := time.Second
	for _, tc := range []struct {
		name     string
		state    State
		playLeft time.Duration
		tracks   []trackState
		want     time.Duration
	}{
		{"starting", StateBuffering, time.Hour, []trackState{{Ahead: 5 * s}}, tickBusy},
		{"stalled", StateStalled, time.Hour, []trackState{{Ahead: 5 * s}}, tickBusy},
		{"paused", StatePaused, time.Hour, []trackState{{Ahead: 5 * s}}, tickBusy},
		{"playing steadily", StatePlaying, time.Hour, []trackState{{Ahead: 5 * s}, {Ahead: s}}, tickSteady},
		{"a buffer nearly dry", StatePlaying, time.Hour, []trackState{{Ahead: 5 * s}, {Ahead: 60 * time.Millisecond}}, tickBusy},
		{"a dry track that has everything", StatePlaying, time.Hour, []trackState{{Ahead: 5 * s}, {EOS: true}, {Done: true}}, tickSteady},
		{"--for nearly over", StatePlaying, 80 * time.Millisecond, []trackState{{Ahead: 5 * s}}, tickBusy},
	} {
		in := stateInput{State: tc.state, Tracks: tc.tracks}
		if got := loopWait(in, tc.playLeft); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
