package player_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"net/http/httptest"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/abr/trace"
	"github.com/smoothie-player/smoothie/origin"
	"github.com/smoothie-player/smoothie/player"
)

// recorder remembers every decision the engine makes.
type recorder struct {
	p       player.Policy
	mu      sync.Mutex
	reasons map[string]bool
}

func (r *recorder) Name() string { return r.p.Name() }

func (r *recorder) Select(in abr.Input) abr.Decision {
	d := r.p.Select(in)
	r.mu.Lock()
	r.reasons[d.Reason] = true
	r.mu.Unlock()
	return d
}

// TestTraceShapedOriginFollowsTheEngine: the origin replays a trace (a slow link that
// becomes fast); the player's video levels follow it, and every switch it makes is a
// decision of the ABR engine, with the engine's reason.
func TestTraceShapedOriginFollowsTheEngine(t *testing.T) {
	t.Parallel()
	tr, err := trace.Parse(strings.NewReader("0 0.6\n4 0.6\n120 8\n"), "slow-then-fast")
	if err != nil {
		t.Fatal(err)
	}
	// The bundled demo: ten 2 s fragments, five levels from 300 kbit/s to 2.5 Mbit/s.
	o, err := origin.New(origin.Config{Dir: "../testdata/demo", Rate: origin.TraceRate(tr)})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(o)
	t.Cleanup(func() { hs.Close(); o.Close() })
	url := hs.URL + "/demo.ism/Manifest"
	pol, err := abr.New("smoothie")
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{p: pol, reasons: map[string]bool{}}
	r := play(t, player.Config{URL: url, Policy: rec, BufferTarget: 6 * time.Second}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	br := r.videoBitrates()
	t.Logf("video fragments at %v", br)
	if len(br) < 5 || br[0] > 600_000 || br[1] > 600_000 || br[len(br)-1] < 1_600_000 {
		t.Errorf("levels did not follow the trace (0.6 then 8 Mbit/s): %v", br)
	}
	switches := 0
	for _, l := range r.lines {
		if l["type"] != "switch" || l["kind"] != "video" {
			continue
		}
		switches++
		reason, _ := l["reason"].(string)
		rec.mu.Lock()
		known := rec.reasons[reason]
		rec.mu.Unlock()
		if !known || l["pinned"] == true {
			t.Errorf("switch %v is not one of the engine's decisions", l)
		}
	}
	if switches == 0 {
		t.Errorf("no video switch over a link that went from 0.6 to 8 Mbit/s")
	}
}
