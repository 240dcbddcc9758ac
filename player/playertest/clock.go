package playertest

import (
	"container/heap"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/player"
)

// Epoch is where a Clock made by NewClock starts: synctest's own epoch, so the
// virtual time and a bubble's time.Now agree at the start.
var Epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Clock is a virtual player.Clock. Its time moves only when a timer is fired (Step,
// Advance, or Run's driver), and never backwards. Timers fire in deadline order;
// timers with the same deadline in the order they were armed (created or Reset),
// except that among timers armed between the same two fires (by goroutines that may
// have run in parallel, so in an order that is a race) the code that armed them
// decides: they are ordered by the names of the functions on their callers' stacks,
// the same in every run and every build, then by arming order. Two goroutines
// arming a timer for the same instant from the same function between the same two
// fires still fire in a racy order.
// It is safe for concurrent use.
type Clock struct {
	mu    sync.Mutex
	start time.Time
	now   time.Time
	seq   uint64
	fires uint64
	q     timerHeap
	names map[uintptr]string // function names of arming sites, by program counter
}

var _ player.Clock = (*Clock)(nil)

// NewClock returns a clock at Epoch.
func NewClock() *Clock { return NewClockAt(Epoch) }

// NewClockAt returns a clock at start.
func NewClockAt(start time.Time) *Clock { return &Clock{start: start, now: start} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Elapsed is the time since the clock's start.
func (c *Clock) Elapsed() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now.Sub(c.start)
}

// Start is the clock's starting time.
func (c *Clock) Start() time.Time { return c.start }

// NewTimer returns a timer that fires once d has passed on the clock (at the next
// fire when d <= 0).
func (c *Clock) NewTimer(d time.Duration) player.Timer {
	t := &timer{c: c, ch: make(chan time.Time, 1), idx: -1}
	t.site = callers()
	c.mu.Lock()
	c.arm(t, d)
	c.mu.Unlock()
	return t
}

// Sleep waits d on the clock. Under Run, Sleep(0) waits until every other goroutine
// of the bubble is blocked: a way to let what was just started settle first.
func (c *Clock) Sleep(d time.Duration) {
	t := c.NewTimer(d)
	<-t.C()
}

// arm queues t to fire d from now; the caller holds c.mu.
func (c *Clock) arm(t *timer, d time.Duration) {
	t.when = c.now.Add(max(d, 0))
	t.step = c.fires
	c.seq++
	t.seq = c.seq
	heap.Push(&c.q, t)
}

// Pending is the number of timers armed and not yet fired.
func (c *Clock) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.q)
}

// Fires is the number of timers fired so far.
func (c *Clock) Fires() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fires
}

// Next returns the deadline of the timer that fires next, and false when none is
// pending.
func (c *Clock) Next() (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.q) == 0 {
		return time.Time{}, false
	}
	return c.q[0].when, true
}

// Step fires the earliest pending timer, moving Now to its deadline (never back);
// it reports false when no timer was pending. The timer's channel receives the new
// Now; whoever waits on it runs after Step returns.
func (c *Clock) Step() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.q) == 0 {
		return false
	}
	t := heap.Pop(&c.q).(*timer)
	if t.when.After(c.now) {
		c.now = t.when
	}
	c.fires++
	select {
	case t.ch <- c.now:
	default: // cannot happen: a timer is armed only with its channel empty
	}
	return true
}

// Advance fires, in order, every timer due within d from now, then moves Now to
// now+d. Unlike Run it does not wait for the goroutines woken by one timer before
// firing the next: it is for a test that drives a single goroutine by hand.
func (c *Clock) Advance(d time.Duration) {
	end := c.Now().Add(d)
	for {
		when, ok := c.Next()
		if !ok || when.After(end) {
			break
		}
		c.Step()
	}
	c.mu.Lock()
	if end.After(c.now) {
		c.now = end
	}
	c.mu.Unlock()
}

type timer struct {
	c    *Clock
	ch   chan time.Time
	when time.Time
	seq  uint64
	step uint64 // c.fires when armed
	site site   // who armed it
	idx  int    // in c.q; -1 when not pending
}

// site is the stack of the code that armed a timer, innermost first, from the
// caller of NewTimer or Reset.
type site [6]uintptr

func callers() site {
	var s site
	runtime.Callers(3, s[:])
	return s
}

// compareSites orders sites by the names of their functions, outermost inlined
// frame last: an order that holds across runs, builds and load addresses, unless
// the functions are renamed. Names are cached by program counter; the caller holds
// c.mu.
func (c *Clock) compareSites(a, b site) int {
	if a == b {
		return 0
	}
	for i := range a {
		if a[i] == b[i] {
			continue
		}
		if n := strings.Compare(c.funcName(a[i]), c.funcName(b[i])); n != 0 {
			return n
		}
	}
	return 0
}

func (c *Clock) funcName(pc uintptr) string {
	if pc == 0 {
		return ""
	}
	if n, ok := c.names[pc]; ok {
		return n
	}
	if c.names == nil {
		c.names = map[uintptr]string{}
	}
	var b strings.Builder
	fr := runtime.CallersFrames([]uintptr{pc})
	for {
		f, more := fr.Next()
		b.WriteString(f.Function)
		b.WriteByte(';')
		if !more {
			break
		}
	}
	c.names[pc] = b.String()
	return c.names[pc]
}

func (t *timer) C() <-chan time.Time { return t.ch }

// Stop removes the timer from the clock and drops a fired value not yet received,
// so no receive after Stop gets a stale time (as time.Timer since Go 1.23). It
// reports whether it stopped the timer: true when it was pending or its value was
// still unreceived.
func (t *timer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	return t.stop()
}

func (t *timer) stop() bool {
	stopped := false
	if t.idx >= 0 {
		heap.Remove(&t.c.q, t.idx)
		stopped = true
	}
	select {
	case <-t.ch:
		stopped = true
	default:
	}
	return stopped
}

// Reset stops the timer and arms it to fire d from now.
func (t *timer) Reset(d time.Duration) {
	site := callers()
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	t.stop()
	t.site = site
	t.c.arm(t, d)
}

// timerHeap orders timers by deadline, then the fire they were armed after, then
// the code that armed them, then arming order.
type timerHeap []*timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	a, b := h[i], h[j]
	if !a.when.Equal(b.when) {
		return a.when.Before(b.when)
	}
	if a.step != b.step {
		return a.step < b.step
	}
	if c := a.c.compareSites(a.site, b.site); c != 0 {
		return c < 0
	}
	return a.seq < b.seq
}
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].idx, h[j].idx = i, j
}
func (h *timerHeap) Push(x any) {
	t := x.(*timer)
	t.idx = len(*h)
	*h = append(*h, t)
}
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	t.idx = -1
	*h = old[:len(old)-1]
	return t
}
