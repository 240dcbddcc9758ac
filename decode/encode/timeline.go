package encode

import (
	"math"
	"time"

	"github.com/asticode/go-astiav"
)

// timeline maps frame numbers to Timescale ticks and places fragment boundaries:
// fragment k starts at the first frame whose time is at or after k × fragment.
type timeline struct {
	num, den int64 // frame rate num/den
	fragment time.Duration
	// offset is where frame 0 sits on the presentation timeline (the audio priming delay).
	offset uint64
}

func newTimeline(fps astiav.Rational, fragment time.Duration) *timeline {
	return &timeline{num: int64(fps.Num()), den: int64(fps.Den()), fragment: fragment}
}

// frameTime is the time of frame n in ticks, rounded to the nearest tick.
func (t *timeline) frameTime(n int64) uint64 {
	return t.offset + uint64((n*Timescale*t.den+t.num/2)/t.num)
}

// frameDuration is the media time of n frames.
func (t *timeline) frameDuration(n int64) time.Duration {
	return time.Duration(n * t.den * int64(time.Second) / t.num)
}

// boundaryFrame is the first frame of fragment k.
func (t *timeline) boundaryFrame(k int) int64 {
	// ceil(k × fragment × num / (den × 1 s)), in integers to stay exact.
	a := int64(k) * int64(t.fragment) * t.num
	b := t.den * int64(time.Second)
	return (a + b - 1) / b
}

// boundaryTime is the time at which fragment k starts.
func (t *timeline) boundaryTime(k int) uint64 { return t.frameTime(t.boundaryFrame(k)) }

// isBoundary reports whether frame n starts a fragment.
func (t *timeline) isBoundary(n int64) bool {
	k := int(n * t.den * int64(time.Second) / (t.num * int64(t.fragment)))
	return t.boundaryFrame(k) == n || t.boundaryFrame(k+1) == n
}

// gop is the nominal number of frames per fragment, rounded up.
func (t *timeline) gop() int {
	return int(math.Ceil(float64(t.fragment) * float64(t.num) / (float64(t.den) * float64(time.Second))))
}

// fpsInt is the frame rate rounded to an integer, at least 1.
func (t *timeline) fpsInt() int {
	if f := int(t.num / t.den); f > 0 {
		return f
	}
	return 1
}
