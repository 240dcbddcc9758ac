package render

import "time"

// Timeline maps positions in a PCM stream, counted in sample frames since the last
// Reset, to media time. Each queued buffer appends where its PTS lands; a sink asks
// At for the PTS of the sample it is playing and Drops what is behind it. The zero
// value is empty. It is not safe for concurrent use.
type Timeline struct {
	segs []segment
	end  int64
}

// segment is a run of samples whose PTS grow with the sample rate from pts.
type segment struct {
	start int64
	pts   time.Duration
	rate  int
}

// Append records frames samples at rate Hz whose first sample has the given PTS.
// A buffer that continues the previous one (to within one sample) extends it.
func (t *Timeline) Append(pts time.Duration, frames, rate int) {
	if frames <= 0 || rate <= 0 {
		return
	}
	if n := len(t.segs); n > 0 {
		last := t.segs[n-1]
		want := last.pts + framesToDuration(t.end-last.start, last.rate)
		if last.rate == rate && absDuration(pts-want) <= time.Second/time.Duration(rate) {
			t.end += int64(frames)
			return
		}
	}
	t.segs = append(t.segs, segment{start: t.end, pts: pts, rate: rate})
	t.end += int64(frames)
}

// End is the number of sample frames appended since the last Reset.
func (t *Timeline) End() int64 { return t.end }

// At returns the PTS of the sample at index and false when index is not inside
// what was appended (or was dropped). The end itself maps to the PTS just past
// the last sample.
func (t *Timeline) At(index int64) (time.Duration, bool) {
	if len(t.segs) == 0 || index < t.segs[0].start || index > t.end {
		return 0, false
	}
	i := len(t.segs) - 1
	for i > 0 && t.segs[i].start > index {
		i--
	}
	s := t.segs[i]
	return s.pts + framesToDuration(index-s.start, s.rate), true
}

// Drop forgets the segments that end at or before index, keeping the one that
// holds it.
func (t *Timeline) Drop(index int64) {
	k := 0
	for k+1 < len(t.segs) && t.segs[k+1].start <= index {
		k++
	}
	if k > 0 {
		n := copy(t.segs, t.segs[k:])
		t.segs = t.segs[:n]
	}
}

// Truncate forgets the samples from index on (a queued buffer given up on).
func (t *Timeline) Truncate(index int64) {
	if index >= t.end {
		return
	}
	index = max(index, 0)
	k := len(t.segs)
	for k > 0 && t.segs[k-1].start >= index {
		k--
	}
	t.segs = t.segs[:k]
	t.end = index
}

// Reset empties the timeline; positions count from zero again.
func (t *Timeline) Reset() {
	t.segs = t.segs[:0]
	t.end = 0
}

// framesToDuration converts a count of sample frames at rate Hz to time.
func framesToDuration(frames int64, rate int) time.Duration {
	sec := frames / int64(rate)
	rem := frames % int64(rate)
	return time.Duration(sec)*time.Second + time.Duration(rem)*time.Second/time.Duration(rate)
}

// FramesToDuration converts a count of sample frames at rate Hz to time.
func FramesToDuration(frames int64, rate int) time.Duration {
	if rate <= 0 {
		return 0
	}
	return framesToDuration(frames, rate)
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
