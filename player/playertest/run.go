package playertest

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"testing"
	"testing/synctest"
	"time"
)

// ErrDeadlock is what Drive returns (wrapped in a *DriveError) when the body has not
// returned, every goroutine of the bubble is blocked and no timer is pending: nothing
// can ever happen again.
var ErrDeadlock = errors.New("deadlock in virtual time: the body has not returned, every goroutine is blocked and no timer is pending")

// ErrLimit is what Drive returns (wrapped in a *DriveError) when the next timer is
// due beyond the virtual-time limit.
var ErrLimit = errors.New("virtual-time limit reached before the body returned")

// ErrSpin is what Drive returns (wrapped in a *DriveError) when timers keep firing
// without the clock moving (a loop re-arming a timer of 0).
var ErrSpin = errors.New("timers fire without the virtual time advancing")

// spinLimit is how many fires at one instant make ErrSpin.
const spinLimit = 10_000

// DriveError says why Drive stopped before the body returned: Err is ErrDeadlock,
// ErrLimit or ErrSpin; At the virtual time elapsed since Drive started; Fires the
// timers Drive fired; Stacks every goroutine's stack at that moment.
type DriveError struct {
	Err    error
	At     time.Duration
	Fires  uint64
	Next   time.Duration // when the next timer was due (ErrLimit), since Drive started
	Stacks string
}

func (e *DriveError) Error() string {
	s := fmt.Sprintf("%v (t=%s, %d timers fired", e.Err, FormatDuration(e.At), e.Fires)
	if errors.Is(e.Err, ErrLimit) {
		s += ", next due at t=" + FormatDuration(e.Next)
	}
	s += ")"
	if errors.Is(e.Err, ErrDeadlock) {
		// synctest's own clock does not move while Drive runs.
		s += "; a goroutine waiting on a real timer (time.Sleep, time.After, a context deadline) instead of the Clock waits for ever here"
	}
	return s
}

func (e *DriveError) Unwrap() error { return e.Err }

// Drive runs c's timers for the goroutines of the current synctest bubble until done
// is closed: it waits until every other goroutine of the bubble is durably blocked
// (synctest.Wait), returns nil if done is closed, and otherwise fires exactly one
// timer, the earliest, moving the clock to its deadline; and again. Firing one timer
// at a time, with the bubble quiet before and after, makes the order of events the
// same on every run even when the goroutines woken run in parallel.
//
// It returns a *DriveError when nothing is left to fire (ErrDeadlock), when the next
// timer is due more than limit after the clock's time at the call (ErrLimit; limit
// <= 0: no limit), or when timers fire without the time moving (ErrSpin). Drive must
// be called inside a bubble (synctest.Test), from a goroutine that is not done's.
func Drive(c *Clock, limit time.Duration, done <-chan struct{}) error {
	start := c.Now()
	fires0 := c.Fires()
	var spin int
	last := start
	fail := func(err error, next time.Time) error {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		now := c.Now()
		return &DriveError{Err: err, At: now.Sub(start), Fires: c.Fires() - fires0, Next: next.Sub(start), Stacks: string(buf)}
	}
	for {
		synctest.Wait()
		select {
		case <-done:
			return nil
		default:
		}
		next, ok := c.Next()
		if !ok {
			return fail(ErrDeadlock, start)
		}
		if limit > 0 && next.Sub(start) > limit {
			return fail(ErrLimit, next)
		}
		if next.After(last) {
			last, spin = next, 0
		} else if spin++; spin > spinLimit {
			return fail(ErrSpin, next)
		}
		c.Step()
	}
}

// Run runs body in a synctest bubble on c's virtual time and returns when body has
// returned; Drive drives the clock meanwhile. body gets a context that is cancelled
// when it has returned or when Drive stops it. body must wait for the goroutines
// it starts (a Session's Run does), so the bubble ends with it.
//
// When Drive stops before body returned (deadlock, the virtual-time limit, a spin),
// Run cancels body's context, gives it the chance to return, and fails t with the
// reason and every goroutine's stack. limit is the most virtual time the run may
// take from c's time at the call (<= 0: no limit).
func Run(t *testing.T, c *Clock, limit time.Duration, body func(ctx context.Context)) {
	t.Helper()
	synctest.Test(t, func(t *testing.T) {
		t.Helper()
		if err := run(c, limit, body); err != nil {
			var de *DriveError
			if errors.As(err, &de) {
				t.Logf("goroutines when the run stopped:\n%s", de.Stacks)
			}
			t.Fatalf("playertest.Run: %v", err)
		}
	})
}

// run is Run's bubble: body in a goroutine, Drive in this one.
func run(c *Clock, limit time.Duration, body func(ctx context.Context)) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		body(ctx)
	}()
	err := Drive(c, limit, done)
	if err != nil {
		cancel()
		synctest.Wait()
		select {
		case <-done:
		default:
			err = fmt.Errorf("%w; the body did not return once its context was cancelled either", err)
		}
	}
	return err
}
