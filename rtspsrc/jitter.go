package rtspsrc

import "time"

// jitter is RFC 3550's interarrival jitter (§6.4.1, A.8) of one stream, computed
// from when each frame arrived against its media timestamp: for consecutive
// frames i−1, i, D = (R_i − R_{i−1}) − (S_i − S_{i−1}) and J += (|D| − J)/16.
// libavformat keeps this figure for its receiver reports but does not expose it,
// so it is derived here from the frames as they leave the demuxer.
type jitter struct {
	j       float64 // seconds
	arrival time.Time
	ts      time.Duration
	primed  bool
}

// add takes a frame with media timestamp ts that arrived at now.
func (j *jitter) add(now time.Time, ts time.Duration) {
	if j.primed && ts != j.ts {
		d := now.Sub(j.arrival).Seconds() - (ts - j.ts).Seconds()
		if d < 0 {
			d = -d
		}
		j.j += (d - j.j) / 16
	}
	if !j.primed || ts != j.ts {
		// Frames of one timestamp (an access unit split into several packets by the
		// demuxer) count once, at the first.
		j.arrival, j.ts, j.primed = now, ts, true
	}
}

// reset starts over (a new connection: new timestamps).
func (j *jitter) reset() { j.primed = false }

// value is the jitter now.
func (j *jitter) value() time.Duration { return time.Duration(j.j * float64(time.Second)) }
