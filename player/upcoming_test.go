package player

import (
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/abr"
)

func TestUpcomingSizes(t *testing.T) {
	l := abr.Bitrates(300_000, 1_000_000)
	for _, c := range []struct {
		name string
		d    time.Duration
		left int
		n    int
	}{
		{"vod, far from the end", 2 * time.Second, 40, upcomingChunks},
		{"live", 2 * time.Second, -1, upcomingChunks},
		{"three left", 2 * time.Second, 3, 3},
		{"none left", 2 * time.Second, 0, 0},
		{"no duration", 0, 10, 0},
	} {
		got := upcomingSizes(l, c.d, c.left)
		if len(got) != c.n {
			t.Errorf("%s: %d fragments, want %d", c.name, len(got), c.n)
			continue
		}
		for i, row := range got {
			if row[0] != 75_000 || row[1] != 250_000 {
				t.Errorf("%s: fragment %d sizes %v, want bitrate × 2 s", c.name, i, row)
			}
		}
	}
}
