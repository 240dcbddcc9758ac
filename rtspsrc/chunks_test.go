package rtspsrc

import (
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

func TestChunkStore(t *testing.T) {
	ms := time.Millisecond
	c := newChunkStore(200*ms, time.Second)
	smp := func(n int) media.Sample { return media.Sample{Data: make([]byte, n)} }
	if _, _, ok := c.span(); ok {
		t.Fatal("a span before anything arrived")
	}
	c.add(smp(10), 0)
	c.add(smp(10), 150*ms)
	if done, _, _ := c.complete(0); done {
		t.Fatal("chunk 0 complete before a sample past its end")
	}
	_, wake, _ := c.complete(0)
	c.add(smp(30), 210*ms)
	select {
	case <-wake:
	default:
		t.Fatal("completing chunk 0 woke nobody")
	}
	if done, _, _ := c.complete(0); !done {
		t.Fatal("chunk 0 not complete after a sample at 210 ms")
	}
	if s, n := c.samples(0); len(s) != 2 || n != 20 {
		t.Fatalf("chunk 0: %d samples, %d bytes", len(s), n)
	}
	if oldest, edge, ok := c.span(); !ok || oldest != 0 || edge != 200*ms {
		t.Fatalf("span %v..%v %v", oldest, edge, ok)
	}
	// The other track passed 1.5 s: chunks up to 1.4 s are complete (empty).
	c.completeUpTo(1500 * ms)
	if done, _, _ := c.complete(6); !done {
		t.Fatal("chunk 6 not complete after completeUpTo(1.5 s)")
	}
	// The window keeps 5 chunks, the newest (3 s) and 4 behind it.
	c.add(smp(1), 3*time.Second)
	if s, _ := c.samples(0); s != nil {
		t.Fatal("chunk 0 kept beyond the window")
	}
	if oldest, _, _ := c.span(); oldest != 2200*ms {
		t.Fatalf("oldest %v, want 2.2 s", oldest)
	}
	c.add(smp(1), 0) // older than the window: dropped
	c.end()
	if _, _, ended := c.complete(100); !ended {
		t.Fatal("not ended")
	}
}

func TestChunkBitrate(t *testing.T) {
	c := newChunkStore(200*time.Millisecond, 30*time.Second)
	for i := range 30 { // 25 kB a chunk of 200 ms: 1 Mbit/s
		c.add(media.Sample{Data: make([]byte, 25_000)}, time.Duration(i)*200*time.Millisecond)
	}
	if got := c.bitrate(2 * time.Second); got != 1_000_000 {
		t.Fatalf("bitrate %d, want 1000000", got)
	}
}

func TestTimeline(t *testing.T) {
	var l timeline
	l.restart()
	if at := l.at(5 * time.Second); at != 0 {
		t.Fatalf("first packet at %v, want 0", at)
	}
	if at := l.at(6 * time.Second); at != time.Second {
		t.Fatalf("a second later at %v", at)
	}
	l.extend(time.Second + 40*time.Millisecond)
	l.restart() // a reconnection: its timestamps start again anywhere
	if at := l.at(100 * time.Millisecond); at != time.Second+40*time.Millisecond {
		t.Fatalf("after reconnecting at %v, want where the media ended", at)
	}
	l.extend(time.Second + 80*time.Millisecond)
	for _, tc := range []struct {
		pts  time.Duration
		jump bool
	}{{140 * time.Millisecond, false}, {3 * time.Second, false}, {time.Hour, true}, {-10 * time.Second, true}} {
		if got := l.jumped(l.at(tc.pts)); got != tc.jump {
			t.Errorf("pts %v: jumped %v, want %v", tc.pts, got, tc.jump)
		}
	}
}

func TestTicks(t *testing.T) {
	for _, tc := range []struct {
		v    int64
		tb   [2]int
		want time.Duration
	}{
		{90000, [2]int{1, 90000}, time.Second},
		{3600 * 25 * 3600 * 24, [2]int{1, 90000}, 24 * time.Hour}, // a day of frames, exactly
		{3600 * 1001, [2]int{1, 90000}, 40040 * time.Millisecond},
		{1024, [2]int{1, 48000}, 21333333},
		{-3600, [2]int{1, 90000}, -40 * time.Millisecond},
	} {
		if got := ticks(tc.v, tc.tb); got != tc.want {
			t.Errorf("ticks(%d, %v) = %v, want %v", tc.v, tc.tb, got, tc.want)
		}
	}
}
