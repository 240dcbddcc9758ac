package player

import "time"

// Clock is the wall clock the session reads; decisions take its readings as data.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock (monotonic readings).
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// playbackClock is the monotonic playback clock: a position that advances with wall
// time while running. Every method takes the wall time, so it is a pure value.
type playbackClock struct {
	base    time.Duration // position at since
	since   time.Time
	running bool
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
