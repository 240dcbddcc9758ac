package player

import (
	"context"
	"time"
)

// Clock is the time the session lives on: every reading and every wait it decides
// (room in the buffer, retries and backoff, manifest refresh, stall and give-up
// timers, pacing of frames and audio) goes through it, so a test clock runs a minute
// of playback in milliseconds (player/playertest). Socket deadlines and I/O timeouts
// on real connections stay on the system clock.
type Clock interface {
	Now() time.Time
	// NewTimer returns a timer that fires once d has passed on this clock.
	NewTimer(d time.Duration) Timer
}

// Timer is a Clock's one-shot timer, like time.Timer.
type Timer interface {
	// C delivers the clock's time when the timer fires.
	C() <-chan time.Time
	// Stop prevents the timer from firing; it reports whether it stopped it.
	Stop() bool
	// Reset makes the timer fire d from now (stopping it first).
	Reset(d time.Duration)
}

// SystemClock is the real clock (monotonic readings).
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// NewTimer returns a time.Timer.
func (SystemClock) NewTimer(d time.Duration) Timer { return sysTimer{time.NewTimer(d)} }

type sysTimer struct{ t *time.Timer }

func (t sysTimer) C() <-chan time.Time   { return t.t.C }
func (t sysTimer) Stop() bool            { return t.t.Stop() }
func (t sysTimer) Reset(d time.Duration) { t.t.Reset(d) }

// Sleep waits d on c or until ctx is done; it reports whether the wait completed
// (what a Source waits with).
func Sleep(ctx context.Context, c Clock, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := c.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C():
		return true
	case <-ctx.Done():
		return false
	}
}

// playbackClock is the monotonic playback clock: a position that advances with wall
// time while running. Every method takes the wall time, so it is a pure value.
type playbackClock struct {
	base    time.Duration // position at since
	since   time.Time
	running bool
	last    time.Duration // the position advanced last counted up to
}

// advanced is how far the position has moved forward to pos since it was last
// asked, counted only while playing (the media played: Stats.Played).
func (c *playbackClock) advanced(pos time.Duration, playing bool) time.Duration {
	d := pos - c.last
	c.last = pos
	if !playing || d < 0 {
		return 0
	}
	return d
}

// Position is the playback position at wall time now.
func (c *playbackClock) Position(now time.Time) time.Duration {
	if !c.running {
		return c.base
	}
	d := now.Sub(c.since)
	if d < 0 {
		d = 0
	}
	return c.base + d
}

// Run starts or stops the clock at now; the position is continuous.
func (c *playbackClock) Run(run bool, now time.Time) {
	if run == c.running {
		return
	}
	c.base = c.Position(now)
	c.since = now
	c.running = run
}

// Set moves the position to pos at now (a seek, or re-sync to the audio clock).
func (c *playbackClock) Set(pos time.Duration, now time.Time) {
	c.base, c.since = pos, now
}
