package abr

import "fmt"

// fillSpeed is how many times faster than real time the buffer fills: the media
// duration of the recent video fragments (up to five, each ChunkDuration long) over
// the time their transfers took. 0 unless the buffer is at its target (within one
// fragment of MaxBuffer) and a video fragment was fetched.
func fillSpeed(in *Input) float64 {
	if in.MaxBuffer <= 0 || in.Buffer < in.MaxBuffer-in.ChunkDuration {
		return 0
	}
	var n int
	var took float64
	for i := len(in.Transfers) - 1; i >= 0 && n < 5; i-- {
		if t := in.Transfers[i]; !t.Audio && t.Duration > 0 {
			n++
			took += t.Duration.Seconds()
		}
	}
	if n == 0 {
		return 0
	}
	return float64(n) * in.ChunkDuration.Seconds() / took
}

// fastFillStep is the engine's fallback while the meter has no sample (every
// transfer too small, and no busy period long enough to pool them): a buffer at
// its target whose fragments arrive at least FastFill times faster than they play
// is evidence that the link carries more, so the engine goes up one level (or
// stays at the top).
func (s *Smoothie) fastFillStep(in *Input, maxLvl int) (int, string, bool) {
	if s.cfg.FastFill <= 0 || in.Current < 0 {
		return 0, "", false
	}
	k := fillSpeed(in)
	if k < s.cfg.FastFill {
		return 0, "", false
	}
	return min(in.Current+1, maxLvl), fmt.Sprintf("no throughput sample yet; buffer %s s at its target, filled %.0f× faster than real time", secs(in.Buffer.Seconds()), k), true
}
