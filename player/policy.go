package player

import "time"

// Level describes one video level for a Policy (levels are sorted by bitrate, lowest
// first).
type Level struct {
	Bitrate       int64 // bits/s
	Width, Height int
	// Codec is the decoder family, e.g. "h264", "aac" (empty: unknown).
	Codec string
}

// PolicyInput is everything a Policy may look at; it holds no clock but Now.
type PolicyInput struct {
	// Now is the time since the session started.
	Now    time.Duration
	Levels []Level
	// Current is the index (into Levels) of the last level downloaded, -1 before the first.
	Current int
	// Buffer is how much media is downloaded ahead of the playhead.
	Buffer time.Duration
	// Throughput is the estimator's figure in bits/s, 0 while unknown.
	Throughput int64
	// DecodeTime is the mean decode time per frame, FrameDuration a frame's duration
	// (0 when unknown): the CPU rule.
	DecodeTime    time.Duration
	FrameDuration time.Duration
	// Failures counts consecutive failed downloads at Current.
	Failures int
	// MaxBuffer is the buffer target; ChunkDuration the next fragment's duration;
	// ChunksLeft the fragments left including it (-1 on live).
	MaxBuffer     time.Duration
	ChunkDuration time.Duration
	ChunksLeft    int
	// Transfers are the recent fragment downloads of every track, oldest first
	// (at most maxTransfers).
	Transfers []Transfer
	// Stalls so far; Decode per level (indexed like Levels): what was decoded and
	// dropped at each.
	Stalls int
	Decode []DecodeStats
	// Pinned and Pin carry the user's pin (an index into Levels): the session
	// applies it whatever the policy says, but a policy may explain what it
	// would have picked.
	Pinned bool
	Pin    int
	// LiveLatency is the distance from the playhead to the live edge (0 for VOD).
	LiveLatency time.Duration
}

// DecodeStats is what was decoded at one level.
type DecodeStats struct {
	Frames, Dropped int
	MeanFrame       time.Duration
}

// maxTransfers is how many recent transfers a PolicyInput carries.
const maxTransfers = 32

// Decision is a Policy's answer: the index into Levels and why, with the caps the
// policy applied (Cap.Level is 1-based, as in Stats).
type Decision struct {
	Level  int
	Reason string
	Caps   []Cap
}

// Policy chooses the level of the next video fragment. The ABR engine plugs in here;
// ThroughputRule is the default.
type Policy interface {
	Select(in PolicyInput) Decision
}

// ThroughputRule picks the highest level whose bitrate fits within Safety × the
// throughput estimate; it does not switch up while the buffer is under UpBuffer, nor
// when decoding takes more than 80 % of a frame's duration; it steps down after
// repeated failures. Zero fields take the defaults: Safety 0.8, UpBuffer 4 s.
type ThroughputRule struct {
	Safety   float64
	UpBuffer time.Duration
}

// Select implements Policy.
func (r ThroughputRule) Select(in PolicyInput) Decision {
	if len(in.Levels) == 0 {
		return Decision{Level: 0, Reason: "no levels"}
	}
	safety, up := r.Safety, r.UpBuffer
	if safety <= 0 || safety > 1 {
		safety = 0.8
	}
	if up <= 0 {
		up = 4 * time.Second
	}
	if in.Failures >= 2 && in.Current > 0 {
		return Decision{Level: in.Current - 1, Reason: "failures"}
	}
	if in.Throughput <= 0 {
		if in.Current >= 0 {
			return Decision{Level: in.Current, Reason: "no estimate"}
		}
		return Decision{Level: 0, Reason: "startup"}
	}
	budget := int64(float64(in.Throughput) * safety)
	best := 0
	for i, l := range in.Levels {
		if l.Bitrate <= budget {
			best = i
		}
	}
	if in.Current >= 0 && best > in.Current {
		if in.Buffer < up {
			return Decision{Level: in.Current, Reason: "buffer low"}
		}
		if in.FrameDuration > 0 && in.DecodeTime*5 > in.FrameDuration*4 {
			return Decision{Level: in.Current, Reason: "cpu"}
		}
		return Decision{Level: best, Reason: "throughput"}
	}
	return Decision{Level: best, Reason: "throughput"}
}
