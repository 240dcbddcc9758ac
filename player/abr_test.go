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
