package abr

import (
	"testing"
	"time"
)

// FuzzSelect: whatever the input, every policy answers with a level inside
// the ladder (or 0 for an empty ladder) and a reason, without panicking.
func FuzzSelect(f *testing.F) {
	f.Add(uint8(6), int8(2), int64(8000), int64(600_000), int64(2000), uint8(10), int8(-1), false, uint16(0), uint16(0), float32(0.5), false)
	f.Add(uint8(1), int8(0), int64(0), int64(0), int64(0), uint8(0), int8(0), true, uint16(1000), uint16(500), float32(0.1), true)
	f.Fuzz(func(t *testing.T, levels uint8, cur int8, bufMs, bytes, durMs int64, n uint8, pin int8, pinned bool,
		frames, dropped uint16, battery float32, charging bool) {
		l := pensieve()[:min(int(levels), 6)]
		ts := make([]Transfer, int(n)%25)
		for i := range ts {
			ts[i] = Transfer{Level: int(cur), Bytes: bytes + int64(i), TTFB: time.Duration(durMs/4) * time.Millisecond,
				Duration: time.Duration(durMs+int64(i)) * time.Millisecond, Audio: i%7 == 3}
		}
		dec := make([]DecodeStats, len(l))
		for i := range dec {
			dec[i] = DecodeStats{Frames: int(frames), Dropped: int(dropped), MeanFrame: time.Duration(frames) * time.Microsecond}
		}
		in := Input{Now: time.Duration(bufMs) * time.Millisecond, Ladder: l, Current: int(cur), Buffer: time.Duration(bufMs) * time.Millisecond,
			MaxBuffer: 60 * time.Second, ChunkDuration: time.Duration(durMs%8000) * time.Millisecond, ChunksLeft: int(n) - 3,
			Transfers: ts, Decode: dec, Power: Power{Known: true, Level: float64(battery), Charging: charging},
			MaxLevel: int(pin), Pinned: pinned, Pin: int(pin)}
		for _, name := range Names() {
			if name == "mpc" || name == "mpc-pensieve" {
				in.Decode = nil // keep the slow exhaustive baselines out of the hot path of the fuzzer
			}
			p, _ := New(name)
			d := p.Select(in)
			if len(l) > 0 && (d.Level < 0 || d.Level >= len(l)) {
				t.Fatalf("%s: level %d outside a %d-level ladder", name, d.Level, len(l))
			}
			if d.Reason == "" {
				t.Fatalf("%s: no reason", name)
			}
		}
	})
}
