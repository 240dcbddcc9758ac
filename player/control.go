package player

import "time"

// trackState is what the state machine knows of one active track.
type trackState struct {
	// Ahead is the downloaded media ahead of the playhead.
	Ahead time.Duration
	// EOS: everything is downloaded; Done: everything was presented.
	EOS, Done bool
}

// stateInput is the state machine's view at one instant.
type stateInput struct {
	State State
	// Remaining is the media left after the playhead (large for live).
	Remaining      time.Duration
	StartBuffer    time.Duration
	RebufferTarget time.Duration
	Tracks         []trackState
	// LiveEarly is how much nearer the live edge the playhead is than the session can
	// follow (see Session.liveEarly); buffering and stalled wait while it is positive.
	LiveEarly time.Duration
}

// nextState is the playback state machine: buffering and stalled go to playing when
// every track holds enough (or has ended), playing goes to stalled when a track runs
// dry, and the session ends when every track is done. Pause is applied on top by the
// caller.
func nextState(in stateInput) State {
	if in.State == StateEnded {
		return StateEnded
	}
	done := true
	for _, t := range in.Tracks {
		done = done && t.Done
	}
	if done {
		return StateEnded
	}
	switch in.State {
	case StateBuffering, StateStalled:
		need := in.StartBuffer
		if in.State == StateStalled {
			need = in.RebufferTarget
		}
		if in.LiveEarly > 0 {
			return in.State
		}
		need = min(need, max(in.Remaining, 0))
		for _, t := range in.Tracks {
			if !t.Done && !t.EOS && t.Ahead < need {
				return in.State
			}
		}
		return StatePlaying
	case StatePlaying:
		for _, t := range in.Tracks {
			if !t.Done && !t.EOS && t.Ahead <= 0 {
				return StateStalled
			}
		}
	}
	return in.State
}

// How long the session loop sleeps between steps: the busy tick while the state can
// change any moment (starting, stalled, a buffer nearly dry, the end of --for near),
// the steady tick while playing with every buffer well ahead. Commands (seek, audio
// track) wake the loop at once.
const (
	tickBusy   = 10 * time.Millisecond
	tickSteady = 50 * time.Millisecond
)

// loopWait is how long the session loop may sleep after a step that left the state
// machine in in.State, with playLeft still to play before Config.PlayFor ends it.
func loopWait(in stateInput, playLeft time.Duration) time.Duration {
	if in.State != StatePlaying || playLeft <= 2*tickSteady {
		return tickBusy
	}
	for _, t := range in.Tracks {
		if !t.Done && !t.EOS && t.Ahead <= 2*tickSteady {
			return tickBusy
		}
	}
	return tickSteady
}
