package player_test

import (
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/origin"
	"github.com/smoothie-player/smoothie/player"
)

// TestWindowSizeCapsLevels plays the demo over loopback (fast: the engine climbs the
// ladder) with and without a 480×270 video output: with it no fragment above level 2
// (480×270, 600 kbit/s) is fetched and the stats name the window cap.
func TestWindowSizeCapsLevels(t *testing.T) {
	t.Parallel()
	o, err := origin.New(origin.Config{Dir: "../testdata/demo"})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(o)
	t.Cleanup(func() { hs.Close(); o.Close() })
	run := func(view func() (int, int)) result {
		pol, err := abr.New("smoothie")
		if err != nil {
			t.Fatal(err)
		}
		r := play(t, player.Config{URL: hs.URL + "/demo.ism/Manifest", Policy: pol,
			PlayFor: 10 * time.Second, ViewSize: view}, nil)
		if r.err != nil {
			t.Fatal(r.err)
		}
		return r
	}
	free := run(nil)
	capped := run(func() (int, int) { return 480, 270 })
	fb, cb := free.videoBitrates(), capped.videoBitrates()
	t.Logf("video fragments without a window %v, in a 480x270 window %v; caps %+v", fb, cb, capped.stats.Video.Caps)
	if len(fb) == 0 || slices.Max(fb) <= 600_000 {
		t.Fatalf("without a cap the player never went above 600 kbit/s on loopback: %v (the check below would prove nothing)", fb)
	}
	if len(cb) == 0 || slices.Max(cb) > 600_000 {
		t.Fatalf("in a 480x270 window the player fetched %v, above level 2 (600 kbit/s)", cb)
	}
	if !slices.ContainsFunc(capped.stats.Video.Caps, func(c player.Cap) bool { return c.Reason == player.CapWindow && c.Level == 2 }) {
		t.Fatalf("stats caps %+v, want the window's at level 2", capped.stats.Video.Caps)
	}
}
