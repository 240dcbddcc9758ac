package smooth

import (
	"errors"
	"math"
	"testing"
)

func mustTimeline(t *testing.T, runs ...Run) Timeline {
	t.Helper()
	tl, err := NewTimeline(runs)
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

func TestTimelineLookup(t *testing.T) {
	// 3 × 10 from 100, a gap, then 2 × 7 from 200, then 1 × 5.
	tl := mustTimeline(t, Run{Start: 100, Duration: 10, Count: 3}, Run{Start: 200, Duration: 7, Count: 2}, Run{Start: 214, Duration: 5, Count: 1})
	if tl.Len() != 6 || tl.Start() != 100 || tl.End() != 219 {
		t.Fatalf("len %d start %d end %d", tl.Len(), tl.Start(), tl.End())
	}
	at := []struct {
		i     uint64
		start uint64
		dur   uint64
		ok    bool
	}{{0, 100, 10, true}, {2, 120, 10, true}, {3, 200, 7, true}, {4, 207, 7, true}, {5, 214, 5, true}, {6, 0, 0, false}}
	for _, c := range at {
		f, ok := tl.At(c.i)
		if ok != c.ok || (ok && (f.Start != c.start || f.Duration != c.dur || f.Index != c.i)) {
			t.Errorf("At(%d) = %+v %v", c.i, f, ok)
		}
	}
	find := []struct {
		ts    uint64
		index uint64
		ok    bool
	}{{0, 0, true}, {100, 0, true}, {109, 0, true}, {110, 1, true}, {129, 2, true}, {150, 3, true}, {206, 3, true}, {218, 5, true}, {219, 0, false}}
	for _, c := range find {
		f, ok := tl.Find(c.ts)
		if ok != c.ok || (ok && f.Index != c.index) {
			t.Errorf("Find(%d) = %+v %v, want index %d %v", c.ts, f, ok, c.index, c.ok)
		}
	}
	if _, ok := tl.IndexOfStart(207); !ok {
		t.Errorf("IndexOfStart(207) not found")
	}
	if _, ok := tl.IndexOfStart(208); ok {
		t.Errorf("IndexOfStart(208) found a fragment that does not start there")
	}
	n := 0
	tl.Each(func(f Fragment) bool { n++; return f.Index < 3 })
	if n != 4 {
		t.Errorf("Each stopped after %d, want 4", n)
	}
}

func TestTimelineMergesRuns(t *testing.T) {
	tl := mustTimeline(t, Run{Start: 0, Duration: 2, Count: 1}, Run{Start: 2, Duration: 2, Count: 5}, Run{Start: 12, Duration: 3, Count: 1})
	if len(tl.Runs()) != 2 || tl.Len() != 7 {
		t.Errorf("runs %d len %d, want 2 runs of 7 fragments", len(tl.Runs()), tl.Len())
	}
}

func TestTimelineErrors(t *testing.T) {
	for _, runs := range [][]Run{
		{{Start: 0, Duration: 0, Count: 1}},
		{{Start: 0, Duration: 1, Count: 0}},
		{{Start: 10, Duration: 5, Count: 1}, {Start: 12, Duration: 5, Count: 1}},
		{{Start: 1 << 63, Duration: 1 << 62, Count: 3}},
		{{Start: 0, Duration: 1, Count: MaxFragments + 1}},
	} {
		if _, err := NewTimeline(runs); !errors.Is(err, ErrTimeline) {
			t.Errorf("%+v: err %v, want ErrTimeline", runs, err)
		}
	}
}

func TestTimelineMerge(t *testing.T) {
	// A live window of 3 × 2 s slides by two fragments; one new fragment has another duration.
	old := mustTimeline(t, Run{Start: 10, Duration: 2, Count: 3})
	old.Base = 40
	next := mustTimeline(t, Run{Start: 14, Duration: 2, Count: 2}, Run{Start: 18, Duration: 3, Count: 1})
	if err := old.Merge(next); err != nil {
		t.Fatal(err)
	}
	if old.Start() != 14 || old.End() != 21 || old.Len() != 3 {
		t.Fatalf("merged %d..%d len %d", old.Start(), old.End(), old.Len())
	}
	// Indexes stay absolute: t=14 was index 42 and still is.
	if f, _ := old.Find(14); f.Index != 42 {
		t.Errorf("t=14 index %d, want 42", f.Index)
	}
	if f, _ := old.Find(18); f.Index != 44 || f.Duration != 3 {
		t.Errorf("t=18 = %+v", f)
	}
	// A refresh that disagrees with what is known is an error.
	bad := mustTimeline(t, Run{Start: 15, Duration: 2, Count: 4})
	if err := old.Merge(bad); !errors.Is(err, ErrTimeline) {
		t.Errorf("misaligned merge err %v", err)
	}
	// A refresh with nothing new changes nothing; an empty one too.
	same := old.clone()
	if err := same.Merge(mustTimeline(t, Run{Start: 14, Duration: 2, Count: 1})); err != nil || same.Len() != 3 || same.Start() != 14 {
		t.Errorf("no-op merge: %v len %d", err, same.Len())
	}
	if err := same.Merge(Timeline{}); err != nil || same.Len() != 3 {
		t.Errorf("empty merge changed the timeline")
	}
	// A window that slid past a fragment drops it.
	if err := same.Merge(mustTimeline(t, Run{Start: 16, Duration: 2, Count: 1})); err != nil || same.Len() != 2 || same.Start() != 16 || same.Base != 43 {
		t.Errorf("sliding merge: %v len %d start %d base %d", err, same.Len(), same.Start(), same.Base)
	}
	// A huge run merges in O(runs).
	big := mustTimeline(t, Run{Start: 0, Duration: 1, Count: 1 << 39})
	if err := big.Merge(mustTimeline(t, Run{Start: 1 << 38, Duration: 1, Count: 1 << 39})); err != nil {
		t.Fatal(err)
	}
	if big.Start() != 1<<38 || big.End() != 1<<38+1<<39 || big.Base != 1<<38 {
		t.Errorf("big merge %d..%d base %d", big.Start(), big.End(), big.Base)
	}
}

func TestTimelineTrimBefore(t *testing.T) {
	tl := mustTimeline(t, Run{Start: 0, Duration: 2, Count: 10})
	tl.TrimBefore(5)
	if tl.Start() != 4 || tl.Len() != 8 || tl.Base != 2 {
		t.Errorf("trimmed start %d len %d base %d", tl.Start(), tl.Len(), tl.Base)
	}
	if f, _ := tl.At(2); f.Start != 4 {
		t.Errorf("At(base) = %+v", f)
	}
}

func TestSeconds(t *testing.T) {
	if got := Seconds(3903180167058030, DefaultTimeScale); got.Seconds() < 390318016.7 || got.Seconds() > 390318016.71 {
		t.Errorf("Seconds = %v", got)
	}
	if got := Seconds(1, 3); got.Nanoseconds() != 333333333 {
		t.Errorf("Seconds(1,3) = %d ns", got.Nanoseconds())
	}
	// Past what a Duration holds, Seconds saturates instead of wrapping negative (W6).
	for _, ticks := range []uint64{2000000000000213333, math.MaxUint64} {
		if got := Seconds(ticks, DefaultTimeScale); got != math.MaxInt64 {
			t.Errorf("Seconds(%d) = %d, want the largest duration", ticks, got)
		}
	}
}

func TestTimeFits(t *testing.T) {
	tests := []struct {
		ticks, timescale uint64
		want             bool
	}{
		{0, 1, true},
		{uint64(MaxSeconds)*DefaultTimeScale - 1, DefaultTimeScale, true},
		{uint64(MaxSeconds) * DefaultTimeScale, DefaultTimeScale, false},
		{math.MaxInt64, 1 << 62, true},
		{math.MaxInt64 + 1, 1 << 62, false},
		{5, 0, false},
	}
	for _, tc := range tests {
		if got := TimeFits(tc.ticks, tc.timescale); got != tc.want {
			t.Errorf("TimeFits(%d, %d) = %v, want %v", tc.ticks, tc.timescale, got, tc.want)
		}
	}
}

// TestTimelineMergeFFmpegLive folds FFmpeg's second live manifest snapshot into the
// first: the first fragment has slid out, two new ones arrived, indexes stay absolute.
func TestTimelineMergeFFmpegLive(t *testing.T) {
	a := mustParseFile(t, "ffmpeg51-generated__live_snapshot1_Manifest.xml")
	b := mustParseFile(t, "ffmpeg51-generated__live_snapshot2_Manifest.xml")
	for i, s := range a.Streams {
		tl := s.Timeline
		if err := tl.Merge(b.Streams[i].Timeline); err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		want := b.Streams[i].Timeline
		if tl.Start() != want.Start() || tl.End() != want.End() || tl.Len() != want.Len() {
			t.Errorf("%s: merged %d..%d (%d), want %d..%d (%d)", s.Name, tl.Start(), tl.End(), tl.Len(), want.Start(), want.End(), want.Len())
		}
		// Snapshot 1's only fragment ends where snapshot 2's window starts: it slid out,
		// and snapshot 2's first fragment keeps absolute index 1.
		if f, ok := tl.At(1); tl.Base != 1 || !ok || f.Start != want.Start() {
			t.Errorf("%s: base %d, At(1) = %+v", s.Name, tl.Base, f)
		}
	}
}
