package pack

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/decode/encode"
)

// testLadder is small enough to encode quickly on two cores.
func testLadder() []encode.Level {
	return []encode.Level{
		{Width: 320, Height: 180, Bitrate: 300_000},
		{Width: 480, Height: 270, Bitrate: 600_000},
		{Width: 640, Height: 360, Bitrate: 1_000_000},
	}
}

// packSynthetic packs a short synthetic presentation into a temporary directory.
func packSynthetic(t *testing.T, d time.Duration) (string, *Result) {
	t.Helper()
	encode.QuietLogs()
	dir := filepath.Join(t.TempDir(), "out")
	start := time.Now()
	res, err := Pack(context.Background(), Input{Synthetic: d}, dir, Config{Levels: testLadder()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("packed %v of synthetic video (%d levels) in %v", d, len(testLadder()), time.Since(start).Round(time.Millisecond))
	return dir, res
}
