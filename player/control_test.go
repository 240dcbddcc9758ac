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
	}{
		{"startup waits", StateBuffering, 10 * s, []trackState{{Ahead: 2 * s}, {Ahead: s / 2}}, StateBuffering},
		{"startup ready", StateBuffering, 10 * s, []trackState{{Ahead: 2 * s}, {Ahead: s}}, StatePlaying},
		{"startup near the end", StateBuffering, s / 4, []trackState{{Ahead: s / 4}}, StatePlaying},
		{"eos counts as ready", StateBuffering, 10 * s, []trackState{{Ahead: 0, EOS: true}, {Ahead: 3 * s}}, StatePlaying},
		{"playing runs dry", StatePlaying, 10 * s, []trackState{{Ahead: 0}, {Ahead: 3 * s}}, StateStalled},
		{"playing on", StatePlaying, 10 * s, []trackState{{Ahead: s / 10}, {Ahead: 3 * s}}, StatePlaying},
		{"stalled needs rebuffer target", StateStalled, 10 * s, []trackState{{Ahead: 3 * s / 2}}, StateStalled},
		{"stalled refilled", StateStalled, 10 * s, []trackState{{Ahead: 2 * s}}, StatePlaying},
		{"all done ends", StatePlaying, 0, []trackState{{Done: true}, {Done: true}}, StateEnded},
		{"one done plays on", StatePlaying, s, []trackState{{Done: true}, {EOS: true}}, StatePlaying},
	} {
		in := base
		in.State, in.Remaining, in.Tracks = tc.state, tc.remain, tc.tracks
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
