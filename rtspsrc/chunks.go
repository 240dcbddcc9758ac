package rtspsrc

import (
	"slices"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// chunkStore holds one track's received samples in chunks of a fixed duration on
// the source's timeline (chunk k covers [k·d, (k+1)·d)), for the window the source
// keeps. A chunk is complete once a sample at or past its end has arrived; waiters
// are woken when one completes. Safe for concurrent use.
type chunkStore struct {
	mu     sync.Mutex
	d      time.Duration
	keep   int // chunks kept behind the newest
	first  int64
	chunks [][]media.Sample // chunks[i] is chunk first+i
	bytes  []int64
	done   int64 // chunks before this one are complete
	wake   chan struct{}
	ended  bool
}

func newChunkStore(d, window time.Duration) *chunkStore {
	return &chunkStore{d: d, keep: max(int(window/d), 2), wake: make(chan struct{})}
}

// index is the chunk holding timeline time t.
func (c *chunkStore) index(t time.Duration) int64 {
	if t < 0 {
		return 0
	}
	return int64(t / c.d)
}

// add stores s, whose time on the timeline is t, and completes the chunks before it.
func (c *chunkStore) add(s media.Sample, t time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := c.index(t)
	if k < c.first {
		return // older than the window (or before a chunk already handed out)
	}
	for c.first+int64(len(c.chunks)) <= k {
		c.chunks = append(c.chunks, nil)
		c.bytes = append(c.bytes, 0)
	}
	i := k - c.first
	c.chunks[i] = append(c.chunks[i], s)
	c.bytes[i] += int64(len(s.Data))
	c.completeLocked(k)
	if n := len(c.chunks) - c.keep; n > 0 {
		c.chunks, c.bytes = c.chunks[n:], c.bytes[n:]
		c.first += int64(n)
	}
}

// completeUpTo completes the chunks before the one holding t (the other track has
// passed it: a track that sends nothing there has nothing there).
func (c *chunkStore) completeUpTo(t time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.completeLocked(c.index(t))
}

func (c *chunkStore) completeLocked(k int64) {
	if k > c.done {
		c.done = k
		close(c.wake)
		c.wake = make(chan struct{})
	}
}

// end says no more samples come: waiters are woken and stay awake.
func (c *chunkStore) end() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.ended {
		c.ended = true
		close(c.wake)
	}
}

// complete reports whether chunk k is complete, and the channel closed when that
// may have changed.
func (c *chunkStore) complete(k int64) (bool, <-chan struct{}, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return k < c.done, c.wake, c.ended
}

// samples returns chunk k's samples (nil when outside the window).
func (c *chunkStore) samples(k int64) ([]media.Sample, int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	i := k - c.first
	if i < 0 || i >= int64(len(c.chunks)) {
		return nil, 0
	}
	return slices.Clip(c.chunks[i]), c.bytes[i] // a late sample appends past what was handed out
}

// span is the complete chunks: the oldest kept and the end of the newest complete
// (edge); ok false while none is complete.
func (c *chunkStore) span() (oldest, edge time.Duration, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done <= c.first {
		return 0, 0, false
	}
	return time.Duration(c.first) * c.d, time.Duration(c.done) * c.d, true
}

// bitrate is what arrived in the complete chunks of the last span, in bits/s.
func (c *chunkStore) bitrate(span time.Duration) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := max(int64(span/c.d), 1)
	var b int64
	got := int64(0)
	for k := c.done - 1; k >= c.first && got < n; k-- {
		b += c.bytes[k-c.first]
		got++
	}
	if got == 0 {
		return 0
	}
	return b * 8 * int64(time.Second) / (got * int64(c.d))
}
