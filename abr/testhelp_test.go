package abr

import "time"

// pensieve is the Pensieve ladder with 240p…1080p renditions at 30 fps.
func pensieve() Ladder {
	l := Bitrates(300_000, 750_000, 1_200_000, 1_850_000, 2_850_000, 4_300_000)
	res := [][2]int{{426, 240}, {640, 360}, {854, 480}, {1280, 720}, {1920, 1080}, {1920, 1080}}
	for i := range l {
		l[i].Width, l[i].Height, l[i].FPS = res[i][0], res[i][1], 30
	}
	return l
}

// steadyTransfers is n video transfers of 4 s chunks at bps over a link
// with an 80 ms TTFB.
func steadyTransfers(n int, bps float64, bytes int64) []Transfer {
	ts := make([]Transfer, n)
	for i := range ts {
		body := time.Duration(float64(bytes) * 8 / bps * float64(time.Second))
		ts[i] = Transfer{Level: 1, Bytes: bytes, TTFB: 80 * time.Millisecond, Duration: body + 80*time.Millisecond}
	}
	return ts
}

// baseInput is a mid-session input with a steady link.
func baseInput(bps float64, buffer time.Duration) Input {
	return Input{
		Now: 60 * time.Second, Ladder: pensieve(), Current: 2, Buffer: buffer, MaxBuffer: 60 * time.Second,
		ChunkDuration: 4 * time.Second, ChunksLeft: 30, Transfers: steadyTransfers(10, bps, 600_000),
		CPULoad: -1, MaxLevel: -1,
	}
}
