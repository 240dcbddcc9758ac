package rtspsrc

import (
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/decode"
	"github.com/smoothie-player/smoothie/media"
)

// TestTrackThrough: a frame covers its stream to its end at the smaller of the
// nominal frame duration and the step from the frame before, so the chunk it ends
// completes on its arrival; before a step is known, only up to its own time.
func TestTrackThrough(t *testing.T) {
	ms := time.Millisecond
	cases := []struct {
		name string
		rate [2]int          // video frame rate (num, den)
		pts  []int64         // 90 kHz timestamps of the frames, in arrival order
		want []time.Duration // through, per frame, on the timeline (first frame at 0)
	}{
		{"25 fps", [2]int{25, 1}, []int64{0, 3600, 7200}, []time.Duration{0, 80 * ms, 120 * ms}},
		// A camera slower than its SDP says: the step, not the nominal 40 ms.
		{"nominal 25, sends 50", [2]int{25, 1}, []int64{0, 1800, 3600}, []time.Duration{0, 40 * ms, 60 * ms}},
		// Faster than it says: the nominal duration bounds it.
		{"nominal 25, sends 10", [2]int{25, 1}, []int64{0, 9000, 18000}, []time.Duration{0, 140 * ms, 240 * ms}},
		// Two packets with one timestamp keep the step from before.
		{"repeated timestamp", [2]int{25, 1}, []int64{0, 3600, 3600, 7200}, []time.Duration{0, 80 * ms, 80 * ms, 120 * ms}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := &Source{cfg: Config{Chunk: 40 * ms, Window: time.Second}}
			tr := newTrack(s, decode.DemuxStream{Kind: media.KindVideo, TimeBase: [2]int{1, 90000}, FrameRate: c.rate, Codec: media.CodecH264})
			for i, v := range c.pts {
				p := decode.Packet{PTS: v, DTS: v}
				pts, ok := tr.ptsOf(p)
				if !ok {
					t.Fatalf("frame %d: no timestamp", i)
				}
				if got := tr.through(p, s.tl.at(pts)); got != c.want[i] {
					t.Errorf("frame %d (pts %d): through %v, want %v", i, v, got, c.want[i])
				}
			}
		})
	}
}
