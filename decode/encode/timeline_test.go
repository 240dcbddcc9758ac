package encode

import (
	"testing"
	"time"

	"github.com/asticode/go-astiav"
)

func TestTimelineBoundaries(t *testing.T) {
	tl := newTimeline(astiav.NewRational(25, 1), 2*time.Second)
	if tl.gop() != 50 {
		t.Fatalf("gop %d", tl.gop())
	}
	for n := int64(0); n < 200; n++ {
		if got, want := tl.isBoundary(n), n%50 == 0; got != want {
			t.Fatalf("frame %d boundary=%v", n, got)
		}
	}
	tl.offset = 213333
	if tl.boundaryTime(1) != 213333+20_000_000 || tl.frameTime(1) != 213333+400_000 {
		t.Fatalf("times %d %d", tl.boundaryTime(1), tl.frameTime(1))
	}

	ntsc := newTimeline(astiav.NewRational(30000, 1001), 2*time.Second)
	var got []int64
	for n := int64(0); n < 200; n++ {
		if ntsc.isBoundary(n) {
			got = append(got, n)
		}
	}
	want := []int64{0, 60, 120, 180}
	if len(got) != len(want) {
		t.Fatalf("29.97 boundaries %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("29.97 boundaries %v", got)
		}
	}
}

func TestSamplesToTicks(t *testing.T) {
	if samplesToTicks(1024) != 213333 || samplesToTicks(48000) != Timescale || samplesToTicks(-5) != 0 {
		t.Fatal("samplesToTicks")
	}
}
