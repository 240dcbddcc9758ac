package sim

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/smoothie-player/smoothie/abr"
)

//go:embed pensieve_envivio_chunk_bytes.tsv
var pensieveTSV string

// Video is a VoD asset: a ladder and the size of every chunk at every level.
type Video struct {
	Ladder abr.Ladder
	Chunk  time.Duration
	Sizes  [][]int64 // [chunk][level] bytes
}

// PensieveVideo is Pensieve's test video (EnvivioDash3): 49 chunks of 4 s at
// 300…4300 kbit/s. Sessions play its first 48 chunks.
func PensieveVideo() *Video {
	v, err := ParseVideo(strings.NewReader(pensieveTSV), "pensieve_envivio_chunk_bytes.tsv")
	if err != nil {
		panic(err) // the embedded table is part of the build
	}
	v.Ladder = abr.Bitrates(300_000, 750_000, 1_200_000, 1_850_000, 2_850_000, 4_300_000)
	v.Chunk = 4 * time.Second
	return v
}

// ParseVideo reads a chunk-size table: a header line, then one line per chunk
// "<index> <bytes level 0> <bytes level 1> …". The ladder is left for the
// caller to set.
func ParseVideo(r io.Reader, name string) (*Video, error) {
	v := &Video{}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if line == 1 || len(f) == 0 {
			continue
		}
		row := make([]int64, 0, len(f)-1)
		for _, x := range f[1:] {
			n, err := strconv.ParseInt(x, 10, 64)
			if err != nil || n <= 0 {
				return nil, fmt.Errorf("%s:%d: chunk size %q: not a positive integer", name, line, x)
			}
			row = append(row, n)
		}
		if len(v.Sizes) > 0 && len(row) != len(v.Sizes[0]) {
			return nil, fmt.Errorf("%s:%d: %d levels, previous lines have %d", name, line, len(row), len(v.Sizes[0]))
		}
		v.Sizes = append(v.Sizes, row)
	}
	if len(v.Sizes) == 0 {
		return nil, fmt.Errorf("%s:%d: no chunks", name, line)
	}
	return v, sc.Err()
}

// HighVideo is the high-ladder track (docs/sim.md, --video high): 49 chunks of
// 4 s at 1, 2.5, 5, 8, 16 and 40 Mbit/s, each chunk bitrate·4 s·(1+ε) with
// ε ~ N(0, 0.1) truncated to ±0.25, from a fixed seed (the same video every
// time). Renditions run from 360p to 2160p at 30 fps.
func HighVideo() *Video {
	l := abr.Bitrates(1_000_000, 2_500_000, 5_000_000, 8_000_000, 16_000_000, 40_000_000)
	res := [][2]int{{640, 360}, {960, 540}, {1280, 720}, {1920, 1080}, {2560, 1440}, {3840, 2160}}
	for i := range l {
		l[i].Width, l[i].Height, l[i].FPS = res[i][0], res[i][1], 30
	}
	rng := rand.New(rand.NewPCG(2026, 5))
	v := &Video{Ladder: l, Chunk: 4 * time.Second}
	for k := 0; k < 49; k++ {
		row := make([]int64, len(l))
		for q, lv := range l {
			eps := max(-0.25, min(0.25, 0.1*rng.NormFloat64()))
			row[q] = int64(float64(lv.Bitrate) / 8 * v.Chunk.Seconds() * (1 + eps))
		}
		v.Sizes = append(v.Sizes, row)
	}
	return v
}

// VideoByName returns a built-in video: "pensieve" (default) or "high".
func VideoByName(name string) (*Video, error) {
	switch name {
	case "", "pensieve":
		return PensieveVideo(), nil
	case "high", "4k":
		return HighVideo(), nil
	}
	return nil, fmt.Errorf("unknown video %q (known: pensieve, high)", name)
}
