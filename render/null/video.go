// Package null holds the headless sinks: a video sink that counts frames and an
// audio sink that consumes PCM at real-time pace on the monotonic clock, so that it
// can stand in as the master clock when there is no sound device. It must not touch
// a display or a sound device.
package null

import (
	"errors"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/render"
)

// ErrClosed is returned by a sink's methods after Close.
var ErrClosed = errors.New("render/null: sink closed")

// Video is a VideoSink that shows nothing and counts what it was given.
type Video struct {
	mu      sync.Mutex
	shown   int64
	bad     int64
	lastPTS time.Duration
	closed  bool
}

// VideoStats is a snapshot of a Video's counters.
type VideoStats struct {
	// Shown counts frames accepted by Show; Bad counts frames refused as malformed.
	Shown, Bad int64
	// LastPTS is the PTS of the last frame shown.
	LastPTS time.Duration
}

// NewVideo returns a null video sink.
func NewVideo() *Video { return &Video{} }

// Show checks f and counts it. A malformed frame is refused with an error.
func (v *Video) Show(f *media.VideoFrame) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return ErrClosed
	}
	if err := render.CheckFrame("render/null", f); err != nil {
		v.bad++
		return err
	}
	v.shown++
	v.lastPTS = f.PTS
	return nil
}

// Stats returns the counters.
func (v *Video) Stats() VideoStats {
	v.mu.Lock()
	defer v.mu.Unlock()
	return VideoStats{Shown: v.shown, Bad: v.bad, LastPTS: v.lastPTS}
}

// Close makes further Shows fail. It is safe to call more than once.
func (v *Video) Close() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.closed = true
	return nil
}
