package player

import (
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// Event is something that happened in a session. The set is sealed: SwitchEvent,
// FragmentEvent, StallEvent, ResumeEvent, ErrorEvent, SeekEvent, ManifestEvent,
// StateEvent.
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

// SwitchEvent: a track's downloading level changed (bitrates in bits/s).
type SwitchEvent struct {
	At
	Kind     media.Kind
	From, To int64
	Reason   string
	Pinned   bool
}

// FragmentEvent: a fragment was downloaded.
type FragmentEvent struct {
	At
	Kind            media.Kind
	Bitrate         int64
	Start, Duration time.Duration
	Bytes           int64
	TTFB, Took      time.Duration
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

// SeekEvent: the playhead moved.
type SeekEvent struct {
	At
	From, To time.Duration
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

// fanout delivers events to a buffered channel without ever blocking the sender:
// when the reader is behind, events are dropped and counted.
type fanout struct {
	ch      chan Event
	dropped uint64 // under the session lock
}

func newFanout(n int) *fanout { return &fanout{ch: make(chan Event, n)} }

func (f *fanout) send(e Event) bool {
	select {
	case f.ch <- e:
		return true
	default:
		f.dropped++
		return false
	}
}
