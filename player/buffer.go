package player

import (
	"context"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// chunk is one downloaded fragment's samples, at a level, spanning start..end on
// the position scale; gen is the session's pin generation when it was chosen.
type chunk struct {
	level      int
	samples    []media.Sample
	start, end time.Duration
	gen        uint64
}

// sampleBuffer holds a track's downloaded samples between the downloader and the
// decoder. Its size is bounded by the downloader, which stops at the buffer target.
type sampleBuffer struct {
	mu     sync.Mutex
	chunks []chunk
	next   int           // next sample of chunks[0]
	end    time.Duration // end of the downloaded media (position scale)
	eos    bool
	wake   chan struct{}
	// grown is closed (and replaced) whenever the end moves or the stream ends:
	// another track's downloader waiting for this one (aheadOfLead) wakes on it.
	grown chan struct{}
}

func newSampleBuffer(start time.Duration) *sampleBuffer {
	return &sampleBuffer{end: start, wake: make(chan struct{}, 1), grown: make(chan struct{})}
}

// growth returns a channel closed when the buffer next grows or ends.
func (b *sampleBuffer) growth() <-chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.grown
}

// grew wakes the waiters on growth; the caller holds b.mu.
func (b *sampleBuffer) grew() {
	close(b.grown)
	b.grown = make(chan struct{})
}

func (b *sampleBuffer) signal() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// push appends a fragment's samples; end is where the fragment ends.
func (b *sampleBuffer) push(c chunk, end time.Duration) {
	b.mu.Lock()
	if len(c.samples) > 0 {
		b.chunks = append(b.chunks, c)
	}
	b.end = max(b.end, end)
	b.grew()
	b.mu.Unlock()
	b.signal()
}

// spans returns the level and span of each chunk not yet taken whole (the first
// may be partly taken: its samples before next are with the decoder).
func (b *sampleBuffer) spans() []chunk {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]chunk, 0, len(b.chunks))
	for i, c := range b.chunks {
		if i == 0 && b.next >= len(c.samples) {
			continue
		}
		out = append(out, chunk{level: c.level, start: c.start, end: c.end, gen: c.gen})
	}
	return out
}

// cut drops the chunks that start at or after at and that the decoder has taken
// nothing of, so the downloader can fetch that media again; the buffer then ends
// at at. It reports whether anything was dropped (never after the end of stream:
// no downloader is left to refill it).
func (b *sampleBuffer) cut(at time.Duration) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.eos {
		return false
	}
	keep := len(b.chunks)
	for i, c := range b.chunks {
		if c.start >= at && (i > 0 || b.next == 0) {
			keep = i
			break
		}
	}
	if keep == len(b.chunks) || (keep > 0 && b.chunks[keep-1].end > at) {
		return false // nothing to drop, or what stays runs past the cut
	}
	for i := keep; i < len(b.chunks); i++ {
		b.chunks[i] = chunk{}
	}
	b.chunks = b.chunks[:keep]
	if keep == 0 {
		b.next = 0
	}
	b.end = at
	return true
}

// swap puts c in place of the buffered chunk with the same span that the decoder
// has taken nothing of; it reports whether there was one.
func (b *sampleBuffer) swap(c chunk) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, o := range b.chunks {
		if o.start == c.start && o.end == c.end && (i > 0 || b.next == 0) && len(c.samples) > 0 {
			b.chunks[i] = c
			return true
		}
	}
	return false
}

// finish marks the end of the stream.
func (b *sampleBuffer) finish() {
	b.mu.Lock()
	b.eos = true
	b.grew()
	b.mu.Unlock()
	b.signal()
}

// state returns the end of the downloaded media and whether the stream has ended.
func (b *sampleBuffer) state() (time.Duration, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.end, b.eos
}

// pop returns the next sample and its level, blocking until there is one; eos is
// true (and the sample zero) once the stream has ended and everything was taken.
func (b *sampleBuffer) pop(ctx context.Context) (s media.Sample, level int, eos bool, err error) {
	for {
		b.mu.Lock()
		for len(b.chunks) > 0 && b.next >= len(b.chunks[0].samples) {
			b.chunks[0] = chunk{}
			b.chunks = b.chunks[1:]
			b.next = 0
		}
		if len(b.chunks) > 0 {
			c := b.chunks[0]
			s = c.samples[b.next]
			b.next++
			b.mu.Unlock()
			return s, c.level, false, nil
		}
		ended := b.eos
		b.mu.Unlock()
		if ended {
			return media.Sample{}, 0, true, nil
		}
		select {
		case <-b.wake:
		case <-ctx.Done():
			return media.Sample{}, 0, false, ctx.Err()
		}
	}
}
