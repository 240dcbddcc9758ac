package decode

import "time"

// Stats is a snapshot of a decoder's work, for the player's stats and the ABR
// engine's CPU rule.
type Stats struct {
	// Frames is the number of frames (video) or buffers (audio) returned.
	Frames uint64
	// Corrupt counts samples the decoder rejected.
	Corrupt uint64
	// Skipped counts samples dropped while waiting for a keyframe after an error or reset.
	Skipped uint64
	// DecodeTime is the total wall time spent inside FFmpeg (decode and conversion).
	DecodeTime time.Duration
	// LastFrame is the wall time spent on the most recent frame.
	LastFrame time.Duration
	// AvgFrame is an exponentially weighted mean of the per-frame wall time
	// (weight 1/16 for the newest frame), the figure the CPU rule wants.
	AvgFrame time.Duration
	// Reopens counts codec re-creations (flush, reset, reconfigure).
	Reopens uint64
}

// meter accumulates wall time spent in the decoder until a frame is produced.
type meter struct {
	stats   Stats
	pending time.Duration
}

// add records d spent decoding with no frame out yet.
func (m *meter) add(d time.Duration) {
	m.pending += d
	m.stats.DecodeTime += d
}

// frame closes the current frame's account and returns its decode time.
func (m *meter) frame() time.Duration {
	d := m.pending
	m.pending = 0
	m.stats.Frames++
	m.stats.LastFrame = d
	if m.stats.AvgFrame == 0 {
		m.stats.AvgFrame = d
	} else {
		m.stats.AvgFrame += (d - m.stats.AvgFrame) / 16
	}
	return d
}
