package player

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

func TestSampleBuffer(t *testing.T) {
	b := newSampleBuffer(time.Second)
	ctx := context.Background()
	done := make(chan []uint64)
	go func() {
		var got []uint64
		for {
			s, lvl, eos, err := b.pop(ctx)
			if err != nil || eos {
				done <- got
				return
			}
			got = append(got, s.Time+uint64(lvl)*100)
		}
	}()
	b.push(chunk{level: 0, samples: []media.Sample{{Time: 1}, {Time: 2}}}, 3*time.Second)
	b.push(chunk{level: 1, samples: []media.Sample{{Time: 3}}}, 5*time.Second)
	b.push(chunk{}, 7*time.Second) // a gap: no samples, the end moves
	if end, eos := b.state(); end != 7*time.Second || eos {
		t.Fatalf("state %v %v", end, eos)
	}
	b.finish()
	got := <-done
	if len(got) != 3 || got[0] != 1 || got[1] != 2 || got[2] != 103 {
		t.Fatalf("popped %v", got)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, _, err := newSampleBuffer(0).pop(cctx); err == nil {
		t.Fatal("pop on a cancelled context returned")
	}
}

// TestSampleBufferCut: a cut drops the chunks from a fragment boundary on, never
// one the decoder has started on, and never one that runs past the cut.
func TestSampleBufferCut(t *testing.T) {
	s := time.Second
	fill := func() *sampleBuffer {
		b := newSampleBuffer(0)
		for i := range 4 {
			st := time.Duration(2*i) * s
			b.push(chunk{level: 3, samples: []media.Sample{{Time: uint64(2 * i)}, {Time: uint64(2*i + 1)}}, start: st, end: st + 2*s}, st+2*s)
		}
		return b
	}
	b := fill()
	if !b.cut(4*s) || len(b.spans()) != 2 {
		t.Fatalf("cut at 4 s: %d chunks left, want 2", len(b.spans()))
	}
	if end, _ := b.state(); end != 4*s {
		t.Errorf("the buffer ends at %v after the cut, want 4 s", end)
	}
	if b.cut(3 * s) {
		t.Errorf("cut inside a fragment (3 s) dropped something")
	}
	b = fill()
	b.pop(context.Background()) // the decoder took the first sample of the first chunk
	if b.cut(0) {
		t.Errorf("cut at 0 dropped the chunk the decoder started on")
	}
	if !b.cut(2*s) || len(b.spans()) != 1 {
		t.Errorf("cut at 2 s: %d chunks left, want 1", len(b.spans()))
	}
	b.finish()
	if b.cut(2 * s) {
		t.Errorf("cut after the end of stream")
	}
}

func TestSampleBufferSwap(t *testing.T) {
	smp := func(n int) []media.Sample { return make([]media.Sample, n) }
	b := newSampleBuffer(0)
	for i := range 3 {
		start := time.Duration(i) * 2 * time.Second
		b.push(chunk{level: 0, samples: smp(2), start: start, end: start + 2*time.Second}, start+2*time.Second)
	}
	if _, _, _, err := b.pop(context.Background()); err != nil { // the decoder takes part of the first
		t.Fatal(err)
	}
	for _, c := range []struct {
		name       string
		start, end time.Duration
		want       bool
	}{
		{"partly taken", 0, 2 * time.Second, false},
		{"not buffered", 6 * time.Second, 8 * time.Second, false},
		{"another span", 2 * time.Second, 3 * time.Second, false},
		{"buffered, untouched", 2 * time.Second, 4 * time.Second, true},
	} {
		if got := b.swap(chunk{level: 2, samples: smp(3), start: c.start, end: c.end}); got != c.want {
			t.Errorf("%s: swap = %v, want %v", c.name, got, c.want)
		}
	}
	var levels []int
	for _, sp := range b.spans() {
		levels = append(levels, sp.level)
	}
	if fmt.Sprint(levels) != "[0 2 0]" {
		t.Errorf("levels after the swap %v, want [0 2 0]", levels)
	}
	if end, _ := b.state(); end != 6*time.Second {
		t.Errorf("the buffer ends at %v after a swap, want 6s", end)
	}
}
