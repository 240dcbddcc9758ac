package decode

import (
	"sync"
	"time"
)

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
	// (weight 1/16 for the newest frame), the figure the CPU rule wants. The first
	// frame after a codec is (re)opened is left out: it carries the pipeline fill of
	// frame-threaded decoding (tens of ms for one frame at 720p), not the cost of a
	// frame, and would cap every level at the start of a session. 0 until known.
	AvgFrame time.Duration
	// Reopens counts codec re-creations (flush, reset, reconfigure).
	Reopens uint64
}

// meter accumulates wall time spent in the decoder until a frame is produced, and
// the decoder's counters. The decoding goroutine writes it; snapshot may be called
// from any goroutine (the player's stats tick).
type meter struct {
	mu      sync.Mutex
	stats   Stats
	pending time.Duration // only touched by the decoding goroutine
	// warm is false until the first frame after an open has come out.
	warm bool
}

// opened marks a codec (re)opened: its next frame is the pipeline fill.
func (m *meter) opened() {
	m.mu.Lock()
	m.warm = false
	m.mu.Unlock()
}

// add records d spent decoding with no frame out yet.
func (m *meter) add(d time.Duration) {
	m.pending += d
	m.mu.Lock()
	m.stats.DecodeTime += d
	m.mu.Unlock()
}

// count increments one of the counters in Stats.
func (m *meter) count(field func(*Stats) *uint64) {
	m.mu.Lock()
	*field(&m.stats)++
	m.mu.Unlock()
}

// Counter selectors for count.
func corruptCount(s *Stats) *uint64 { return &s.Corrupt }
func skippedCount(s *Stats) *uint64 { return &s.Skipped }
func reopenCount(s *Stats) *uint64  { return &s.Reopens }

// snapshot returns a copy of the statistics.
func (m *meter) snapshot() Stats {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.stats
}

// frame closes the current frame's account and returns its decode time.
func (m *meter) frame() time.Duration {
	d := m.pending
	m.pending = 0
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stats.Frames++
	m.stats.LastFrame = d
	if !m.warm {
		m.warm = true
		return d
	}
	if m.stats.AvgFrame == 0 {
		m.stats.AvgFrame = d
	} else {
		m.stats.AvgFrame += (d - m.stats.AvgFrame) / 16
	}
	return d
}
