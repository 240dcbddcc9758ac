package render

import (
	"testing"
	"time"
)

func TestTimelineMapsAcrossDiscontinuities(t *testing.T) {
	var tl Timeline
	if _, ok := tl.At(0); ok {
		t.Fatal("empty timeline maps index 0")
	}
	tl.Append(10*time.Second, 48000, 48000)                // 10 s .. 11 s
	tl.Append(11*time.Second, 24000, 48000)                // continues: merged
	tl.Append(20*time.Second, 48000, 48000)                // a jump (seek without flush)
	tl.Append(21*time.Second+time.Microsecond, 480, 48000) // within a sample: merged
	if len(tl.segs) != 2 {
		t.Fatalf("segments = %d, want 2", len(tl.segs))
	}
	cases := []struct {
		i    int64
		want time.Duration
	}{
		{0, 10 * time.Second},
		{24000, 10*time.Second + 500*time.Millisecond},
		{72000 - 1, 10*time.Second + framesToDuration(72000-1, 48000)},
		{72000, 20 * time.Second},
		{72000 + 48000 + 480, 21*time.Second + 10*time.Millisecond},
	}
	for _, c := range cases {
		got, ok := tl.At(c.i)
		if !ok || got != c.want {
			t.Errorf("At(%d) = %v %v, want %v", c.i, got, ok, c.want)
		}
	}
	if _, ok := tl.At(tl.End() + 1); ok {
		t.Error("At past the end is ok")
	}
	tl.Drop(80000)
	if len(tl.segs) != 1 {
		t.Fatalf("after Drop: %d segments, want 1", len(tl.segs))
	}
	if _, ok := tl.At(100); ok {
		t.Error("dropped index still maps")
	}
	if got, _ := tl.At(80000); got != 20*time.Second+8000*time.Second/48000 {
		t.Errorf("At(80000) after drop = %v", got)
	}
	tl.Truncate(72000 + 48000)
	if tl.End() != 120000 || len(tl.segs) != 1 {
		t.Fatalf("Truncate: end %d, %d segments", tl.End(), len(tl.segs))
	}
	tl.Truncate(72000)
	if tl.End() != 72000 || len(tl.segs) != 0 {
		t.Fatalf("Truncate to the first kept segment: end %d, %d segments", tl.End(), len(tl.segs))
	}
	tl.Append(0, 10, 48000)
	tl.Reset()
	if tl.End() != 0 {
		t.Error("Reset kept the end")
	}
}
