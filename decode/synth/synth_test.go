package synth

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/decode/encode"
	"github.com/smoothie-player/smoothie/media"
)

// collector is an encode.Output that keeps per-track statistics.
type collector struct {
	tracks    []encode.Track
	samples   []int
	bytes     []int
	fragments [][]uint64 // fragment start times per track
	keyAtFrag []bool
}

func (c *collector) Start(tr []encode.Track) error {
	c.tracks = tr
	c.samples = make([]int, len(tr))
	c.bytes = make([]int, len(tr))
	c.fragments = make([][]uint64, len(tr))
	c.keyAtFrag = make([]bool, len(tr))
	for i := range c.keyAtFrag {
		c.keyAtFrag[i] = true
	}
	return nil
}

func (c *collector) WriteSample(i int, s media.Sample, start bool) error {
	c.samples[i]++
	c.bytes[i] += len(s.Data)
	if start {
		c.fragments[i] = append(c.fragments[i], s.Time)
		if !s.Keyframe {
			c.keyAtFrag[i] = false
		}
	}
	return nil
}

func TestSyntheticEncode(t *testing.T) {
	encode.QuietLogs()
	levels := []encode.Level{{Width: 320, Height: 180, Bitrate: 300_000}, {Width: 480, Height: 270, Bitrate: 600_000}}
	src, err := New(Config{Duration: 4 * time.Second}, levels)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var c collector
	if err := encode.Run(context.Background(), src, encode.Config{Levels: levels}, &c, nil); err != nil {
		t.Fatal(err)
	}
	if len(c.tracks) != 3 || c.tracks[2].Kind != media.KindAudio {
		t.Fatalf("tracks %+v", c.tracks)
	}
	for i := 0; i < 2; i++ {
		if c.samples[i] != 100 {
			t.Errorf("level %d: %d frames, want 100", i+1, c.samples[i])
		}
		if len(c.fragments[i]) != 2 || !c.keyAtFrag[i] {
			t.Errorf("level %d: fragments %v keyframes %v", i+1, c.fragments[i], c.keyAtFrag[i])
		}
		kbps := float64(c.bytes[i]*8) / 4 / 1000
		t.Logf("level %d: %.0f kbps for %d", i+1, kbps, levels[i].Bitrate/1000)
	}
	if c.fragments[0][1] != c.fragments[1][1] || c.fragments[0][0] != 213333 {
		t.Errorf("video fragments %v %v", c.fragments[0], c.fragments[1])
	}
	if len(c.fragments[2]) != 2 || c.fragments[2][0] != 0 || c.fragments[2][1] < c.fragments[0][1] {
		t.Errorf("audio fragments %v", c.fragments[2])
	}
	t.Logf("audio: %d packets, asc % x, fragments %v", c.samples[2], c.tracks[2].AudioConfig, c.fragments[2])
}

func TestVideoGraphHasLabels(t *testing.T) {
	g := videoGraph(Config{Duration: time.Second}.withDefaults(), []encode.Level{{Width: 1280, Height: 720, Bitrate: 2_500_000}})
	for _, want := range []string{"testsrc2=s=1280x720", "1280x720  2.5 Mbps", "frame_num", "timecode", "noise"} {
		if !strings.Contains(g, want) {
			t.Errorf("graph lacks %q: %s", want, g)
		}
	}
}
