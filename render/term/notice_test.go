package term

import (
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/internal/syncbuf"
)

// TestSinkNotice: a notice is written centred in the region while no frame has been
// drawn, again when the region moves, and not once it is the same text.
func TestSinkNotice(t *testing.T) {
	out := &syncbuf.Buffer{}
	s, err := New(Config{Out: out, Region: Rect{X: 0, Y: 2, W: 40, H: 10}, MaxFPS: 1000})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	wait := func(what string, ok func(string) bool) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); !ok(out.String()); time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: wrote %q", what, out.String())
			}
		}
	}
	s.SetNotice("video unavailable: no level")
	// row 2+5 (1-based 8), column (40-27)/2 = 6 (1-based 7)
	wait("the notice", func(o string) bool { return strings.Contains(o, "\x1b[8;7Hvideo unavailable: no level") })
	s.SetRegion(Rect{X: 0, Y: 0, W: 10, H: 4})
	wait("the notice cut to a new region", func(o string) bool { return strings.Contains(o, "\x1b[3;1Hvideo unav") })
	n := len(out.String())
	s.SetNotice("video unavailable: no level")
	time.Sleep(50 * time.Millisecond)
	if len(out.String()) != n {
		t.Errorf("the same notice again was written again: %q", out.String()[n:])
	}
}
