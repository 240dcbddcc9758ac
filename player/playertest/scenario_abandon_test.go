package playertest_test

import (
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/player/playertest"
)

// The loader's watch over a running request (issue #15): a download too slow for
// the buffer is abandoned and fetched again lower, a first byte that does not come
// is given up after a wait derived from the buffer.
func TestAbandonScenarios(t *testing.T) {
	runScenarios(t, []scenario{
		// 10 Mbit/s, then 400 kbit/s from 20 s on: the 3 Mbit/s fragment under
		// way (750 KB) would take 15 s on a 10 s buffer.
		{name: "abandon-on-link-drop", src: playertest.SourceConfig{Video: ladder, Audio: []string{"en"},
			Link: steps([]time.Duration{0, 20 * time.Second}, []float64{10e6, 400_000})},
			cfg: player.Config{BufferTarget: 10 * time.Second},
			check: func(t *testing.T, o *outcome) {
				wantEnded(t, o, time.Minute)
				if o.st.Abandoned == 0 || o.count("abandoned: ") != o.st.Abandoned {
					t.Fatalf("%d abandoned, %d lines say so: want at least one", o.st.Abandoned, o.count("abandoned: "))
				}
				if o.st.Stalls != 0 {
					t.Errorf("%d stalls (%v): abandoning the slow download should have kept the buffer from running dry", o.st.Stalls, o.st.StallTime)
				}
				// The abandoned chunk is loaded again, lower, at once.
				loads := loadsOf(o, media.KindVideo)
				again := 0
				for i, l := range loads[:len(loads)-1] {
					if n := loads[i+1]; n.Index == l.Index && n.Level < l.Level && n.At-l.At < 2*time.Second {
						again++
					}
				}
				if again != o.st.Abandoned {
					t.Errorf("%d chunks loaded again lower right after, want %d (one per abandoned)", again, o.st.Abandoned)
				}
				if tl := o.st.Video.DownloadLevel; tl >= 4 {
					t.Errorf("downloading at level %d at the end, on a 400 kbit/s link", tl)
				}
			}},
		// Two requests that get no answer: the first fragment (nothing buffered)
		// and chunk 10 (about 10 s buffered).
		{name: "first-byte-given-up", src: playertest.SourceConfig{Video: ladder, Audio: []string{"en"}, Link: constant(10e6),
			Delay: func(l playertest.Load) time.Duration {
				if l.Kind == media.KindVideo && (l.Index == 0 || l.Index == 10) && l.Attempt == 0 {
					return time.Hour
				}
				return 0
			}},
			cfg: player.Config{BufferTarget: 10 * time.Second},
			check: func(t *testing.T, o *outcome) {
				wantEnded(t, o, time.Minute)
				if o.st.Stalls != 0 {
					t.Errorf("%d stalls: the hung request at 10 s should have been retried while the buffer lasted", o.st.Stalls)
				}
				retry := map[int]time.Duration{} // chunk → time from the hung request to its retry
				first := map[int]time.Duration{}
				for _, l := range loadsOf(o, media.KindVideo) {
					if l.Index != 0 && l.Index != 10 {
						continue
					}
					if _, ok := first[l.Index]; !ok {
						first[l.Index] = l.At
					} else if _, ok := retry[l.Index]; !ok {
						retry[l.Index] = l.At - first[l.Index]
					}
				}
				// The wait is half the buffer at the request, at least 2 s; the
				// retry follows after a backoff of 100–300 ms.
				if w := retry[0]; w < 2*time.Second || w > 2400*time.Millisecond {
					t.Errorf("chunk 0 (empty buffer) retried %v after, want 2 s + backoff", w)
				}
				if w := retry[10]; w < 4*time.Second || w > 5400*time.Millisecond {
					t.Errorf("chunk 10 (about 10 s buffered) retried %v after, want half the buffer + backoff", w)
				}
				if n := o.count("no response within"); n != 2 {
					t.Errorf("%d \"no response\" errors, want 2", n)
				}
			}},
	})
}
