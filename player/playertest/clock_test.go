package playertest_test

import (
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/player/playertest"
)

// fired returns the names of the timers whose channel holds a value.
func fired(ts map[string]player.Timer) []string {
	var out []string
	for name, t := range ts {
		select {
		case <-t.C():
			out = append(out, name)
		default:
		}
	}
	return out
}

func TestTimerOrder(t *testing.T) {
	c := playertest.NewClock()
	ts := map[string]player.Timer{}
	for _, x := range []struct {
		name string
		d    time.Duration
	}{{"c30", 30 * time.Millisecond}, {"a10", 10 * time.Millisecond}, {"b20", 20 * time.Millisecond}, {"a10-second", 10 * time.Millisecond}, {"zero", 0}, {"neg", -time.Second}} {
		ts[x.name] = c.NewTimer(x.d)
	}
	want := []struct {
		name string
		at   time.Duration
	}{{"zero", 0}, {"neg", 0}, {"a10", 10 * time.Millisecond}, {"a10-second", 10 * time.Millisecond}, {"b20", 20 * time.Millisecond}, {"c30", 30 * time.Millisecond}}
	last := c.Now()
	for i, w := range want {
		if !c.Step() {
			t.Fatalf("step %d: no timer pending", i)
		}
		got := fired(ts)
		if len(got) != 1 || got[0] != w.name || c.Elapsed() != w.at {
			t.Fatalf("step %d: fired %v at %v, want %s at %v", i, got, c.Elapsed(), w.name, w.at)
		}
		if c.Now().Before(last) {
			t.Fatalf("step %d: the clock went back from %v to %v", i, last, c.Now())
		}
		last = c.Now()
	}
	if c.Step() || c.Pending() != 0 || c.Fires() != uint64(len(want)) {
		t.Fatalf("after all: step fired, %d pending, %d fires", c.Pending(), c.Fires())
	}
}

func TestTimerStopReset(t *testing.T) {
	c := playertest.NewClock()
	a := c.NewTimer(10 * time.Millisecond)
	b := c.NewTimer(20 * time.Millisecond)
	if !a.Stop() || a.Stop() {
		t.Fatal("Stop of a pending timer: want true, then false")
	}
	c.Advance(time.Second)
	select {
	case <-a.C():
		t.Fatal("a stopped timer fired")
	default:
	}
	if c.Fires() != 1 || c.Elapsed() != time.Second {
		t.Fatalf("%d fires, at %v; want 1 at 1s", c.Fires(), c.Elapsed())
	}
	// b fired and its value is unread: Stop drops it and reports true, like
	// time.Timer since Go 1.23.
	if !b.Stop() {
		t.Fatal("Stop of a fired, unreceived timer: want true")
	}
	select {
	case <-b.C():
		t.Fatal("a stale value after Stop")
	default:
	}
	// Reset re-arms, from now; resetting a pending timer moves it.
	b.Reset(50 * time.Millisecond)
	a.Reset(10 * time.Millisecond)
	a.Reset(100 * time.Millisecond)
	c.Advance(60 * time.Millisecond)
	select {
	case now := <-b.C():
		if now.Sub(c.Start()) != time.Second+50*time.Millisecond {
			t.Fatalf("b fired with %v", now.Sub(c.Start()))
		}
	default:
		t.Fatal("the reset timer did not fire")
	}
	select {
	case <-a.C():
		t.Fatal("a fired at its first Reset's deadline")
	default:
	}
	c.Advance(40 * time.Millisecond)
	select {
	case <-a.C():
	default:
		t.Fatal("a did not fire at its last Reset's deadline")
	}
	// Ties: a timer armed after a later fire goes after one armed before it. x is
	// reset after z fired, to y's deadline: y fires first.
	x := c.NewTimer(5 * time.Millisecond)
	y := c.NewTimer(5 * time.Millisecond)
	z := c.NewTimer(0)
	c.Step()
	<-z.C()
	x.Reset(5 * time.Millisecond)
	c.Step()
	select {
	case <-y.C():
	default:
		t.Fatal("ties: the timer armed first did not fire first")
	}
	c.Step()
	select {
	case <-x.C():
	default:
		t.Fatal("x did not fire")
	}
}

// BenchmarkNewTimer: arming a timer (with its site) and firing it, no bubble.
func BenchmarkNewTimer(b *testing.B) {
	c := playertest.NewClock()
	for b.Loop() {
		t := c.NewTimer(time.Millisecond)
		c.Step()
		<-t.C()
	}
}
