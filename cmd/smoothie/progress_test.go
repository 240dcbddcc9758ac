package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/origin/pack"
)

func packProgress(frac float64, done, total time.Duration) pack.Progress {
	return pack.Progress{Stage: "video", Levels: 3, Done: done, Total: total, Fraction: frac}
}

func TestProgressBar(t *testing.T) {
	var b bytes.Buffer
	now := time.Unix(0, 0)
	clock := func() time.Time { return now }
	bar := newProgressBar(&b, true, clock)
	now = now.Add(2 * time.Second)
	bar.update(packProgress(0.5, 5*time.Second, 10*time.Second))
	bar.finish()
	got := b.String()
	for _, want := range []string{"50%", "video", "levels: 3", "2.50x", "ETA 2s", "###############..............."} {
		if !strings.Contains(got, want) {
			t.Errorf("bar %q lacks %q", got, want)
		}
	}
}
