package player_test

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/origin"
	"github.com/smoothie-player/smoothie/player"
)

// TestEveryPolicyPlaysWithinTheLink: every policy `smoothie sim` offers plays the
// bundled demo (300 kbit/s … 2.5 Mbit/s) from an origin shaped to 700 kbit/s and
// never fetches a video fragment whose bitrate is above twice the link; the
// meter measured it (its estimates stay within a factor two of it). RobustMPC in
// Pensieve's form read fragment sizes only from Input.Upcoming, which the player
// left empty: it took every fragment for free and went to the top.
func TestEveryPolicyPlaysWithinTheLink(t *testing.T) {
	t.Parallel()
	const rate = 700_000
	for _, name := range abr.Names() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			pol, err := abr.New(name)
			if err != nil {
				t.Fatal(err)
			}
			// Each session has its own origin, so its own 700 kbit/s link.
			o, err := origin.New(origin.Config{Dir: "../testdata/demo", Rate: origin.ConstantRate(rate)})
			if err != nil {
				t.Fatal(err)
			}
			hs := httptest.NewServer(o)
			t.Cleanup(func() { hs.Close(); o.Close() })
			r := play(t, player.Config{URL: hs.URL + "/demo.ism/Manifest", Policy: pol, PlayFor: 8 * time.Second}, nil)
			if r.err != nil {
				t.Fatal(r.err)
			}
			br := r.videoBitrates()
			t.Logf("%s: video fragments at %v", name, br)
			if len(br) < 4 {
				t.Fatalf("%d video fragments in 8 s", len(br))
			}
			for i, b := range br {
				if b > 2*rate {
					t.Errorf("video fragment %d at %.0f bit/s, above twice the %d bit/s link: %v", i+1, b, rate, br)
				}
			}
			for _, l := range linesOf(r, "fragment") {
				if v, _ := l["throughput"].(float64); v > 2*rate {
					t.Errorf("the meter measured %.0f bit/s on a %d bit/s link", v, rate)
					break
				}
			}
		})
	}
}
