package abr

import "time"

// Transfer is one completed fragment download, as the fetcher measured it.
type Transfer struct {
	Level    int           // ladder index of the fragment; -1 for other tracks
	Audio    bool          // an audio (or other non-video) fragment
	Bytes    int64         // payload bytes received
	TTFB     time.Duration // request sent → first byte
	Duration time.Duration // request sent → last byte (includes TTFB)
	// ConcurrentBytes counts bytes that other transfers moved over the same
	// link while this one was running (parallel audio, prefetch). The link
	// rate is (Bytes+ConcurrentBytes)/transfer time, not Bytes alone.
	ConcurrentBytes int64
	End             time.Duration // Input.Now-clock time the transfer finished
	// Pooled is how many small transfers a Meter counted together as this one
	// (0: a single transfer): Bytes is theirs, Duration the wall time from the
	// first request to the last byte, TTFB their median.
	Pooled int
}

// DecodeStats is what the decoder measured for one level.
type DecodeStats struct {
	Frames    int           // frames decoded (or due) at this level
	Dropped   int           // frames dropped (decoded too late or skipped)
	MeanFrame time.Duration // mean decode time per frame; 0 when unknown
}

// DropRatio is Dropped/Frames, 0 when nothing was counted.
func (d DecodeStats) DropRatio() float64 {
	if d.Frames <= 0 {
		return 0
	}
	return float64(d.Dropped) / float64(d.Frames)
}

// Power is the device's power state. The zero value means unknown, which
// the battery rule treats as mains power.
type Power struct {
	Known    bool
	Charging bool    // on mains or charging
	Level    float64 // state of charge 0..1
	Saver    bool    // OS power-saver / low-power mode
}

// Input is everything a policy may look at for one decision. The caller
// owns it; policies do not keep references to its slices.
type Input struct {
	Now           time.Duration // monotonic time since the session started
	Ladder        Ladder
	Current       int           // level of the last requested fragment; -1 before the first
	Buffer        time.Duration // media buffered ahead of the playhead
	MaxBuffer     time.Duration // the player's buffer cap; 0 = unknown
	ChunkDuration time.Duration // duration of the next fragment
	// Upcoming holds known sizes in bytes of the next fragments per level:
	// Upcoming[i][level] for the i-th fragment from the one being chosen.
	// It may be empty (sizes are then bitrate × duration).
	Upcoming   [][]int64
	ChunksLeft int // fragments left including the one being chosen; -1 = unknown or live

	Transfers []Transfer // recent transfers, oldest first (the caller keeps a bounded window)
	// Throughput is the session's bandwidth meter's estimate over Transfers
	// (bits/s; 0: none given). A Forecaster decides with it, so the figure a
	// player shows is the one the decision used; without it the policy
	// computes its own from Transfers (the simulator).
	Throughput float64
	Stalls     int // playback stalls so far

	Decode   []DecodeStats // per level, indexed like Ladder; may be shorter or nil
	CPULoad  float64       // system CPU load 0..1; negative = unknown
	Power    Power
	MaxLevel int // cap from outside (resolution cap); -1 = none
	// DecodeBudget overrides the share of a frame interval decoding may use
	// (--cpu-budget); 0 keeps the policy's own.
	DecodeBudget float64

	Pinned bool // the user pinned a level
	Pin    int  // the pinned level when Pinned

	LiveLatency time.Duration // distance to the live edge; 0 for VoD
	LiveTarget  time.Duration // the latency the player keeps; 0 for VoD
}

// chunkBytes returns the size of the i-th upcoming fragment at level q,
// falling back to bitrate × duration.
func (in *Input) chunkBytes(i, q int) float64 {
	if i < len(in.Upcoming) && q < len(in.Upcoming[i]) && in.Upcoming[i][q] > 0 {
		return float64(in.Upcoming[i][q])
	}
	return float64(in.Ladder[q].Bitrate) / 8 * in.ChunkDuration.Seconds()
}

// horizon is how many upcoming fragments a look-ahead may plan, at most max.
func (in *Input) horizon(max int) int {
	if in.ChunksLeft >= 0 && in.ChunksLeft < max {
		return in.ChunksLeft
	}
	return max
}

// videoSamples returns per-transfer throughput samples in bits/s for video
// transfers, oldest first, with the transfer time including TTFB (the
// Pensieve / MPC convention).
func (in *Input) videoSamples(dst []float64) []float64 {
	for _, t := range in.Transfers {
		if t.Audio || t.Bytes <= 0 || t.Duration <= 0 {
			continue
		}
		dst = append(dst, float64(t.Bytes)*8/t.Duration.Seconds())
	}
	return dst
}
