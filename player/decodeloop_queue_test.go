package player

import (
	"context"
	"testing"
	"time"
)

func TestBatchQueueOrderAndEnd(t *testing.T) {
	q := newBatchQueue[int](3, 1)
	ctx := context.Background()
	vals := []int{1, 2, 3}
	go func() {
		for i := range vals {
			q.push(ctx, &vals[i])
		}
		q.push(ctx, nil) // the end marker is an item too
	}()
	for i, want := range append(vals, 0) {
		v, ok := q.pop(ctx)
		switch {
		case !ok:
			t.Fatalf("pop %d: ended", i)
		case want == 0 && v != nil:
			t.Fatalf("pop %d: %d, want the nil end marker", i, *v)
		case want != 0 && (v == nil || *v != want):
			t.Fatalf("pop %d: %v, want %d", i, v, want)
		}
	}
}

// A producer that found the queue full resumes only once the consumer has taken it
// down to the low mark, then fills it again in one go.
func TestBatchQueueResumesAtLow(t *testing.T) {
	q := newBatchQueue[int](4, 1)
	ctx := context.Background()
	pushed := make(chan int, 16)
	go func() {
		for i := range 8 {
			v := i
			q.push(ctx, &v)
			pushed <- i
		}
	}()
	waitPushed := func(n int) {
		t.Helper()
		for range n {
			select {
			case <-pushed:
			case <-time.After(10 * time.Second):
				t.Fatal("producer did not push")
			}
		}
	}
	waitPushed(4) // filled
	for blocked := false; !blocked; time.Sleep(time.Millisecond) {
		q.mu.Lock()
		blocked = q.wantRoom // the fifth push found it full
		q.mu.Unlock()
	}
	for i := range 2 {
		if v, _ := q.pop(ctx); *v != i {
			t.Fatalf("pop %d: %d", i, *v)
		}
		// Still above low: the producer stays asleep (a push would be counted here by now,
		// the producer having been ready to push since the queue filled).
		time.Sleep(20 * time.Millisecond)
		if len(pushed) != 0 {
			t.Fatalf("producer resumed with %d queued, above the low mark 1", 4-i-1)
		}
	}
	q.pop(ctx) // down to 1: the producer resumes and refills
	waitPushed(3)
	q.mu.Lock()
	n := q.n
	q.mu.Unlock()
	if n != 4 {
		t.Fatalf("%d queued after the refill, want 4", n)
	}
}

func TestBatchQueueCancelAndDrain(t *testing.T) {
	q := newBatchQueue[int](1, 0)
	ctx, cancel := context.WithCancel(context.Background())
	one, two := 1, 2
	if !q.push(ctx, &one) {
		t.Fatal("push into an empty queue failed")
	}
	res := make(chan bool)
	go func() { res <- q.push(ctx, &two) }()
	cancel()
	if <-res {
		t.Fatal("push into a full queue succeeded after its context ended")
	}
	var released []int
	n := q.drain(func(v *int) { released = append(released, *v) })
	if len(released) != 1 || released[0] != 1 || n != 1 {
		t.Fatalf("drain released %v (said %d), want [1]", released, n)
	}
	if _, ok := q.pop(ctx); ok {
		t.Fatal("pop on an empty queue succeeded after its context ended")
	}
}
