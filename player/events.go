package player

import (
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// Event is something that happened in a session. The set is sealed: SwitchEvent,
// FragmentEvent, StallEvent, ResumeEvent, ErrorEvent, SeekEvent, LoopEvent,
// ManifestEvent, StateEvent, ReplaceEvent, CueEvent.
type Event interface {
	// When is the time since the session started.
	When() time.Duration
	event()
}

// At is the time since the session started; embedded in every event.
type At time.Duration

// When implements Event.
func (a At) When() time.Duration { return time.Duration(a) }
func (At) event()                {}

// SwitchEvent: a track's downloading level changed (bitrates in bits/s). Throughput
// is the meter's estimate the policy decided with (bits/s, 0 while unknown).
type SwitchEvent struct {
	At
	Kind       media.Kind
	From, To   int64
	Reason     string
	Pinned     bool
	Throughput int64
}

// FragmentEvent: a fragment was downloaded. Throughput is the meter's estimate once
// this transfer was counted (bits/s, 0 while unknown).
type FragmentEvent struct {
	At
	Kind            media.Kind
	Bitrate         int64
	Start, Duration time.Duration
	Bytes           int64
	TTFB, Took      time.Duration
	Throughput      int64
}

// ReplaceEvent: a track's media buffered from From on (position) was dropped, to be
// fetched again at the level of bitrate Level (a pin applied to the buffer: fast
// switching).
type ReplaceEvent struct {
	At
	Kind  media.Kind
	From  time.Duration
	Level int64
}

// CueEvent: a timed cue began to show at playhead Pos: Kind "text" is a subtitle
// or caption from Start to End (positions) with its Text (lines joined by "\n").
type CueEvent struct {
	At
	Kind       string
	Start, End time.Duration
	Pos        time.Duration
	// Dropped: the frames dropped (late) between Start and the frame at Pos that
	// drew the cue, each of which put the cue a frame later (a drawn cue only).
	Dropped int
	Text    string
}

// StallEvent: playback stopped for want of data at Position.
type StallEvent struct {
	At
	Position time.Duration
}

// ResumeEvent: playback resumed after a stall of Stalled.
type ResumeEvent struct {
	At
	Stalled time.Duration
}

// ErrorEvent: something failed; Fatal ends the session.
type ErrorEvent struct {
	At
	Msg   string
	Fatal bool
}

// SeekEvent: the playhead moved. Reason says why when the player moved it or moved
// it elsewhere than asked ("skipped to live edge after 7.2 s stall", a DVR clamp).
type SeekEvent struct {
	At
	From, To time.Duration
	Reason   string
}

// LoopEvent: playback reached the end and restarted at the beginning (Config.Loop);
// Loops counts the restarts so far. A loop is not a seek.
type LoopEvent struct {
	At
	Loops int
}

// ManifestEvent: a manifest was loaded.
type ManifestEvent struct {
	At
	Live bool
}

// StateEvent: the session's state changed.
type StateEvent struct {
	At
	State State
}

// fanout delivers events to buffered subscriber channels without ever blocking the
// sender: a subscriber that is behind loses events, which are counted. Its main
// subscription (256 events) is the session's Events(). The session lock guards it.
type fanout struct {
	subs    map[int]chan Event
	next    int
	dropped uint64
	main    <-chan Event
}

func newFanout() *fanout {
	f := &fanout{subs: map[int]chan Event{}}
	f.main, _ = f.subscribe(256)
	return f
}

func (f *fanout) subscribe(n int) (<-chan Event, int) {
	ch := make(chan Event, max(n, 1))
	f.next++
	f.subs[f.next] = ch
	return ch, f.next
}

func (f *fanout) unsubscribe(id int) { delete(f.subs, id) }

func (f *fanout) send(e Event) {
	for _, ch := range f.subs {
		select {
		case ch <- e:
		default:
			f.dropped++
		}
	}
}
