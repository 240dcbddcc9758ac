package player

import (
	"context"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// chunk is one downloaded fragment's samples, at a level.
type chunk struct {
	level   int
	samples []media.Sample
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
}

func newSampleBuffer(start time.Duration) *sampleBuffer {
	return &sampleBuffer{end: start, wake: make(chan struct{}, 1)}
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
	b.mu.Unlock()
	b.signal()
}

// finish marks the end of the stream.
func (b *sampleBuffer) finish() {
	b.mu.Lock()
	b.eos = true
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
