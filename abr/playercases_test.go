package abr

import (
	"strings"
	"testing"
	"time"
)

// TestFormerPlayerRuleCases runs the cases of the player's former default policy
// (ThroughputRule: a level within 0.8 × the estimate, no up-switch under 4 s of
// buffer or when decoding takes over 80 % of a frame, a window cap) on the engine
// that replaced it as the default. Where the engine decides otherwise the row says
// why; the player's own rules (the first fragment at the lowest level, a step down
// after failed downloads) are tested in package player.
func TestFormerPlayerRuleCases(t *testing.T) {
	sent := func(bps float64) []Transfer {
		var ts []Transfer
		for i := range 6 {
			ts = append(ts, Transfer{Level: 1, Bytes: int64(bps / 8 * 2), TTFB: 10 * time.Millisecond,
				Duration: 2*time.Second + 10*time.Millisecond, End: time.Duration(i+1) * 2 * time.Second})
		}
		return ts
	}
	for _, c := range []struct {
		name string
		in   Input
		want int
		rule string // the proposal that decided, when it matters
	}{
		// The engine's startup guess (1 Mbit/s); the player fetches level 0 first anyway.
		{"startup", Input{Current: -1}, 2, "startup"},
		{"fits middle", Input{Current: 0, Transfers: sent(500_000), Buffer: 10 * time.Second}, 1, "lookahead"},
		{"fits top", Input{Current: 1, Transfers: sent(5_000_000), Buffer: 10 * time.Second}, 2, "lookahead"},
		// ThroughputRule held at 1 s of buffer; the engine plans the buffer: an 800 kbit/s
		// fragment arrives in 0.3 s at 5 Mbit/s, before the 1 s runs out.
		{"buffer low goes up only when the fragment arrives in time", Input{Current: 0, Transfers: sent(5_000_000), Buffer: time.Second}, 2, "lookahead"},
		{"down ignores buffer", Input{Current: 2, Transfers: sent(200_000), Buffer: time.Second}, 0, "lookahead"},
		{"cpu holds", Input{Current: 0, Transfers: sent(5_000_000), Buffer: 10 * time.Second,
			Decode: []DecodeStats{{Frames: 50, MeanFrame: 39 * time.Millisecond}}}, 0, "cpu"},
		// ThroughputRule kept the current level; the engine falls back on its startup guess.
		{"no estimate: the startup guess", Input{Current: 1}, 2, "startup"},
		{"window cap holds below the top", Input{Current: 1, Transfers: sent(5_000_000), Buffer: 10 * time.Second, MaxLevel: 1}, 1, "cap"},
		{"window cap above the choice changes nothing", Input{Current: 0, Transfers: sent(500_000), Buffer: 10 * time.Second, MaxLevel: 2}, 1, "lookahead"},
	} {
		in := c.in
		in.Ladder = Ladder{{Bitrate: 100_000, Width: 160, Height: 90, FPS: 25}, {Bitrate: 300_000, Width: 320, Height: 180, FPS: 25},
			{Bitrate: 800_000, Width: 480, Height: 270, FPS: 25}}
		in.MaxBuffer, in.ChunkDuration, in.ChunksLeft, in.CPULoad = 30*time.Second, 2*time.Second, -1, -1
		if !strings.HasPrefix(c.name, "window cap") {
			in.MaxLevel = -1
		}
		d := NewSmoothie(DefaultSmoothieConfig()).Select(in)
		if d.Level != c.want {
			t.Errorf("%s: level %d (%s), want %d", c.name, d.Level, d.Reason, c.want)
		}
		found := false
		for _, p := range d.Proposals {
			found = found || p.Rule == c.rule
		}
		if !found {
			t.Errorf("%s: no %q proposal in %+v", c.name, c.rule, d.Proposals)
		}
	}
}
