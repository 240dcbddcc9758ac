package player

import (
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/abr"
)

func TestToABR(t *testing.T) {
	in := PolicyInput{
		Now: 5 * time.Second, Levels: []Level{{Bitrate: 100_000}, {Bitrate: 300_000, Width: 320, Height: 180}}, Current: 1,
		Buffer: 8 * time.Second, MaxBuffer: 30 * time.Second, ChunkDuration: 2 * time.Second, ChunksLeft: 4,
		Transfers:     []Transfer{{Level: 1, Bytes: 75_000, TTFB: 10 * time.Millisecond, Duration: time.Second, ConcurrentBytes: 5000, End: 4 * time.Second}},
		FrameDuration: 40 * time.Millisecond, Decode: []DecodeStats{{}, {Frames: 50, Dropped: 1, MeanFrame: time.Millisecond}},
		Pinned: true, Pin: 0,
	}
	a := toABR(in)
	if len(a.Ladder) != 2 || a.Ladder[1].Bitrate != 300_000 || a.Ladder[1].FPS != 25 || a.Current != 1 || a.ChunksLeft != 4 ||
		len(a.Transfers) != 1 || a.Transfers[0].ConcurrentBytes != 5000 || a.Decode[1].Dropped != 1 || !a.Pinned || a.MaxLevel != -1 {
		t.Fatalf("%+v", a)
	}
	// The window cap reaches the engine, which applies it and says so.
	smoothie, err := abr.New("smoothie")
	if err != nil {
		t.Fatal(err)
	}
	capped := PolicyInput{Levels: []Level{{Bitrate: 100_000, Width: 320, Height: 180}, {Bitrate: 300_000, Width: 640, Height: 360}, {Bitrate: 900_000, Width: 1280, Height: 720}},
		Current: 2, Buffer: 20 * time.Second, MaxBuffer: 30 * time.Second, ChunkDuration: 2 * time.Second, ChunksLeft: -1, ViewCap: 2,
		Transfers: []Transfer{{Level: 2, Bytes: 1_000_000, Duration: 100 * time.Millisecond}, {Level: 2, Bytes: 1_000_000, Duration: 100 * time.Millisecond}}}
	if a := toABR(capped); a.MaxLevel != 1 {
		t.Fatalf("ViewCap 2 reached the engine as MaxLevel %d", a.MaxLevel)
	}
	if d := FromABR(smoothie).Select(capped); d.Level != 1 || len(d.Caps) != 1 || d.Caps[0].Reason != CapWindow || d.Caps[0].Level != 2 {
		t.Fatalf("capped at level 2 by the window: %+v", d)
	}
	for _, name := range abr.Names() {
		p, err := abr.New(name)
		if err != nil {
			t.Fatal(err)
		}
		in.Pinned = false
		if d := FromABR(p).Select(in); d.Level < 0 || d.Level > 1 || d.Reason == "" {
			t.Errorf("%s: %+v", name, d)
		}
	}
}

// TestAfterFailures: the engine's choice does not climb away from failing downloads.
func TestAfterFailures(t *testing.T) {
	for _, c := range []struct {
		current, failures, engine, want int
		pinned                          bool
	}{
		{2, 0, 4, 4, false},  // no failure: the engine decides
		{2, 1, 4, 2, false},  // one failure: held
		{2, 1, 1, 1, false},  // going down anyway
		{2, 2, 4, 1, false},  // two: one down
		{2, 5, 2, 1, false},  // staying after a skip: one down
		{0, 5, 3, 0, false},  // at the bottom: held
		{2, 5, 4, 4, true},   // pinned: as asked
		{-1, 0, 3, 3, false}, // no download yet
	} {
		in := PolicyInput{Current: c.current, Failures: c.failures, Pinned: c.pinned}
		got := afterFailures(in, Decision{Level: c.engine, Reason: "engine"})
		if got.Level != c.want || (got.Level != c.engine) == (got.Reason == "engine") {
			t.Errorf("%+v: level %d (%q), want %d", c, got.Level, got.Reason, c.want)
		}
	}
}
