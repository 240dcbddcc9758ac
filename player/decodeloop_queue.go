package player

import (
	"context"
	"sync"
)

// batchQueue is the bounded FIFO between a decoder goroutine and its presenter. A
// producer that finds it full waits until the presenter has drained it down to low,
// so the decoder wakes once per batch of outputs rather than once per output taken:
// fewer goroutine hand-offs and thread wake-ups, and FFmpeg's frame threads decode
// a run of frames together. The consumer is woken as soon as there is an item. A nil
// item is an item (the pipes use it to mark the end).
//
// The producer pushes by allowance: size items at first, then size−low each time
// the queue has drained to low, rather than "until full". What a producer and a
// consumer running at the same instant leave in the queue then does not depend on
// which of them ran first (with "until full" it did, by the pops that happened
// during the refill), so a session in virtual time plays out the same on every run.
type batchQueue[T any] struct {
	mu       sync.Mutex
	items    []*T // ring of cap items
	head, n  int
	low      int
	allow    int           // items the producer may push before it waits for low
	wantItem bool          // the consumer waits for an item
	wantRoom bool          // the producer waits for the queue to drain to low
	item     chan struct{} // 1-buffered wake-ups
	room     chan struct{}
}

// newBatchQueue returns a queue of capacity size whose producer resumes at low.
func newBatchQueue[T any](size, low int) *batchQueue[T] {
	size = max(size, 1)
	return &batchQueue[T]{items: make([]*T, size), low: min(max(low, 0), size-1), allow: size,
		item: make(chan struct{}, 1), room: make(chan struct{}, 1)}
}

// push appends v; once the producer has used its allowance it waits until the
// queue has drained to low (then may push size−low more). False when ctx ended
// first (v was not queued).
func (q *batchQueue[T]) push(ctx context.Context, v *T) bool {
	q.mu.Lock()
	for q.allow == 0 || q.n == len(q.items) {
		if q.n <= q.low {
			q.allow = len(q.items) - q.low
			break
		}
		q.wantRoom = true
		for q.wantRoom {
			q.mu.Unlock()
			select {
			case <-q.room:
			case <-ctx.Done():
				return false
			}
			q.mu.Lock()
		}
	}
	q.items[(q.head+q.n)%len(q.items)] = v
	q.n++
	q.allow--
	wake := q.wantItem
	q.wantItem = false
	q.mu.Unlock()
	if wake {
		signal(q.item)
	}
	return true
}

// pop takes the oldest item, waiting while the queue is empty; false when ctx ended
// first.
func (q *batchQueue[T]) pop(ctx context.Context) (*T, bool) {
	q.mu.Lock()
	for q.n == 0 {
		q.wantItem = true
		q.mu.Unlock()
		select {
		case <-q.item:
		case <-ctx.Done():
			return nil, false
		}
		q.mu.Lock()
	}
	v := q.items[q.head]
	q.items[q.head] = nil
	q.head = (q.head + 1) % len(q.items)
	q.n--
	wake := q.wantRoom && q.n <= q.low
	if wake {
		q.wantRoom = false
		q.allow = len(q.items) - q.low
	}
	q.mu.Unlock()
	if wake {
		signal(q.room)
	}
	return v, true
}

// drain hands every queued item to release and empties the queue; the goroutines
// using it have stopped. It returns how many items it released.
func (q *batchQueue[T]) drain(release func(*T)) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := 0
	for ; q.n > 0; q.n-- {
		if v := q.items[q.head]; v != nil {
			release(v)
			n++
		}
		q.items[q.head] = nil
		q.head = (q.head + 1) % len(q.items)
	}
	q.wantItem, q.wantRoom = false, false
	q.allow = len(q.items)
	return n
}

// signal leaves a wake-up in c unless one is already waiting there.
func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}
