package smooth

import (
	"errors"
	"fmt"
	"math/bits"
	"sort"
)

// Run is a series of Count contiguous fragments of equal duration starting at Start:
// one <c> element, possibly with r. Runs keep a timeline compact: r="100000000" is
// one Run, not a hundred million fragments.
type Run struct {
	Start    uint64
	Duration uint64
	Count    uint64
	// Number is the n attribute of the first fragment when HasNumber.
	Number    uint32
	HasNumber bool
	// Tracks are the <f> children of a single-fragment run (ManifestOutput or vendor data).
	Tracks []TrackFragment
}

// End is the time just past the run's last fragment.
func (r Run) End() uint64 { return r.Start + r.Duration*r.Count }

// TrackFragment is one <f> element: inline track data of a fragment.
type TrackFragment struct {
	Index   int
	Content string
	Extra   []Attr
}

// Attr is a plain name/value attribute kept for round trips.
type Attr struct {
	Name  string
	Value string
}

// Fragment is one fragment of a timeline.
type Fragment struct {
	// Index is the position in the timeline, 0-based (live timelines keep counting
	// across refreshes through Timeline.Base).
	Index    uint64
	Start    uint64
	Duration uint64
}

// End is the time just past the fragment.
func (f Fragment) End() uint64 { return f.Start + f.Duration }

// Timeline is the fragment list of a stream as runs. The zero value is empty.
type Timeline struct {
	runs []Run
	// first[i] is the index of the first fragment of runs[i], relative to Base.
	first []uint64
	total uint64
	// Base is the absolute index of the first fragment (live windows slide it).
	Base uint64
}

// MaxFragments bounds a timeline's fragment count: more fragments than this is an absurd
// count, not a real presentation (2^40 two-second fragments are 70 000 years).
const MaxFragments = 1 << 40

// ErrTimeline is wrapped by every timeline construction error.
var ErrTimeline = errors.New("invalid timeline")

// NewTimeline builds a timeline from runs, merging adjacent runs that continue each other
// with the same duration and no per-fragment data. It checks that times increase and
// that nothing overflows.
func NewTimeline(runs []Run) (Timeline, error) {
	var t Timeline
	for _, r := range runs {
		if err := t.Append(r); err != nil {
			return Timeline{}, err
		}
	}
	return t, nil
}

// Append adds a run at the end of the timeline.
func (t *Timeline) Append(r Run) error {
	if r.Count == 0 {
		return fmt.Errorf("%w: fragment count 0", ErrTimeline)
	}
	if r.Duration == 0 {
		return fmt.Errorf("%w: fragment at t=%d has duration 0", ErrTimeline, r.Start)
	}
	hi, span := bits.Mul64(r.Duration, r.Count)
	if hi != 0 || r.Start+span < r.Start {
		return fmt.Errorf("%w: %d fragments of %d from t=%d overflow 64-bit time", ErrTimeline, r.Count, r.Duration, r.Start)
	}
	if t.total+r.Count > MaxFragments || t.total+r.Count < t.total {
		return fmt.Errorf("%w: more than %d fragments", ErrTimeline, uint64(MaxFragments))
	}
	if n := len(t.runs); n > 0 {
		last := &t.runs[n-1]
		if r.Start < last.End() {
			return fmt.Errorf("%w: fragment at t=%d starts before the previous one ends (t=%d)", ErrTimeline, r.Start, last.End())
		}
		if r.Start == last.End() && r.Duration == last.Duration && len(r.Tracks) == 0 && len(last.Tracks) == 0 &&
			(!r.HasNumber || (last.HasNumber && uint64(r.Number) == uint64(last.Number)+last.Count)) {
			last.Count += r.Count
			t.total += r.Count
			return nil
		}
	}
	t.runs = append(t.runs, r)
	t.first = append(t.first, t.total)
	t.total += r.Count
	return nil
}

// Len is the number of fragments.
func (t *Timeline) Len() uint64 { return t.total }

// Runs returns the runs (shared; do not modify).
func (t *Timeline) Runs() []Run { return t.runs }

// Start is the time of the first fragment (0 when empty).
func (t *Timeline) Start() uint64 {
	if len(t.runs) == 0 {
		return 0
	}
	return t.runs[0].Start
}

// End is the time just past the last fragment (0 when empty).
func (t *Timeline) End() uint64 {
	if len(t.runs) == 0 {
		return 0
	}
	return t.runs[len(t.runs)-1].End()
}

// At returns the fragment at absolute index i (Base ≤ i < Base+Len).
func (t *Timeline) At(i uint64) (Fragment, bool) {
	if i < t.Base || i-t.Base >= t.total {
		return Fragment{}, false
	}
	rel := i - t.Base
	k := sort.Search(len(t.first), func(k int) bool { return t.first[k] > rel }) - 1
	r := t.runs[k]
	off := rel - t.first[k]
	return Fragment{Index: i, Start: r.Start + off*r.Duration, Duration: r.Duration}, true
}

// Find returns the fragment that contains time ts. A time in a gap between runs finds
// the fragment after the gap; a time before the start finds the first fragment; a time
// at or after the end finds nothing.
func (t *Timeline) Find(ts uint64) (Fragment, bool) {
	if t.total == 0 || ts >= t.End() {
		return Fragment{}, false
	}
	k := sort.Search(len(t.runs), func(k int) bool { return t.runs[k].End() > ts })
	r := t.runs[k]
	var off uint64
	if ts > r.Start {
		off = (ts - r.Start) / r.Duration
	}
	return Fragment{Index: t.Base + t.first[k] + off, Start: r.Start + off*r.Duration, Duration: r.Duration}, true
}

// IndexOfStart returns the fragment that starts exactly at ts.
func (t *Timeline) IndexOfStart(ts uint64) (Fragment, bool) {
	f, ok := t.Find(ts)
	if !ok || f.Start != ts {
		return Fragment{}, false
	}
	return f, true
}

// Last returns the last fragment.
func (t *Timeline) Last() (Fragment, bool) {
	if t.total == 0 {
		return Fragment{}, false
	}
	return t.At(t.Base + t.total - 1)
}

// Each calls fn for every fragment in order until fn returns false.
func (t *Timeline) Each(fn func(Fragment) bool) {
	for k, r := range t.runs {
		for j := uint64(0); j < r.Count; j++ {
			if !fn(Fragment{Index: t.Base + t.first[k] + j, Start: r.Start + j*r.Duration, Duration: r.Duration}) {
				return
			}
		}
	}
}

// Merge folds a refreshed live window into t: fragments t already has keep their
// absolute indexes, new fragments after t's end are appended, and fragments that slid
// out of the refreshed window (ending at or before its start) are dropped. A refreshed
// fragment that overlaps t's but starts at a different time is an error: the two
// timelines disagree. Work is proportional to the number of runs, not fragments.
func (t *Timeline) Merge(next Timeline) error {
	if next.total == 0 {
		return nil
	}
	if t.total == 0 {
		base := t.Base
		*t = next.clone()
		t.Base = base
		return nil
	}
	merged := t.clone()
	merged.TrimBefore(next.Start())
	for _, r := range next.runs {
		end := merged.End()
		if merged.total == 0 || r.Start >= end {
			if err := merged.Append(r); err != nil {
				return err
			}
			continue
		}
		if g, ok := merged.Find(r.Start); ok && g.Start != r.Start {
			return fmt.Errorf("%w: refreshed fragment at t=%d does not line up with the known timeline", ErrTimeline, r.Start)
		}
		known := (end - r.Start + r.Duration - 1) / r.Duration
		if known >= r.Count {
			continue
		}
		rest := Run{Start: r.Start + known*r.Duration, Duration: r.Duration, Count: r.Count - known}
		if rest.Start != end {
			return fmt.Errorf("%w: refreshed fragment at t=%d does not line up with the known end t=%d", ErrTimeline, rest.Start, end)
		}
		if err := merged.Append(rest); err != nil {
			return err
		}
	}
	*t = merged
	return nil
}

// TrimBefore drops fragments that end at or before ts (a DVR window sliding forward).
func (t *Timeline) TrimBefore(ts uint64) {
	var keep []Run
	dropped := uint64(0)
	for _, r := range t.runs {
		if r.End() <= ts {
			dropped += r.Count
			continue
		}
		if r.Start < ts {
			skip := (ts - r.Start) / r.Duration
			r.Start += skip * r.Duration
			r.Count -= skip
			r.HasNumber, r.Tracks = false, nil
			dropped += skip
		}
		keep = append(keep, r)
	}
	base := t.Base + dropped
	nt, _ := NewTimeline(keep)
	nt.Base = base
	*t = nt
}

func (t Timeline) clone() Timeline {
	c := t
	c.runs = append([]Run(nil), t.runs...)
	c.first = append([]uint64(nil), t.first...)
	return c
}
