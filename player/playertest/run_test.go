package playertest_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/smoothie-player/smoothie/player/playertest"
)

// tickers runs goroutines that wake on the clock at periods chosen to collide (10,
// 20 and 30 ms meet at every 60 ms; 7 ms meets them now and then) and note every
// wake-up in a shared log. On real time the order of the notes at a collision would
// be a race between goroutines; on the driven clock it is fixed.
func tickers(ctx context.Context, clk *playertest.Clock, log *playertest.EventLog, until time.Duration) {
	var wg sync.WaitGroup
	for i, period := range []time.Duration{30 * time.Millisecond, 10 * time.Millisecond, 20 * time.Millisecond, 7 * time.Millisecond} {
		wg.Go(func() {
			t := clk.NewTimer(period)
			defer t.Stop()
			for n := 1; ; n++ {
				select {
				case <-ctx.Done():
					return
				case <-t.C():
				}
				el := clk.Elapsed()
				if el > until {
					return
				}
				log.AddLine(fmt.Sprintf("t=%s g%d tick %d", playertest.FormatDuration(el), i, n))
				// A hand-off through a channel to another goroutine, as the
				// player's decoder hands frames to its presenter.
				done := make(chan struct{})
				go func() {
					log.AddLine(fmt.Sprintf("t=%s g%d handed %d", playertest.FormatDuration(clk.Elapsed()), i, n))
					close(done)
				}()
				<-done
				t.Reset(period)
			}
		})
	}
	wg.Wait()
}

func TestRunIsDeterministic(t *testing.T) {
	var logs [2]string
	for i := range logs {
		clk := playertest.NewClock()
		log := &playertest.EventLog{}
		playertest.Run(t, clk, time.Minute, func(ctx context.Context) {
			tickers(ctx, clk, log, 200*time.Millisecond)
		})
		logs[i] = log.String()
	}
	if d := playertest.FirstDiff(logs[0], logs[1]); d != "" {
		t.Fatalf("two runs differ: %s", d)
	}
	playertest.Golden(t, "tickers", logs[0])
}

// TestTiesAcrossGoroutines: goroutines started together arm timers for the same
// instant in a racy order; the clock orders them by the code that armed them, so
// they wake in the same order on every run.
func TestTiesAcrossGoroutines(t *testing.T) {
	var first string
	for i := range 20 {
		clk := playertest.NewClock()
		log := &playertest.EventLog{}
		playertest.Run(t, clk, time.Second, func(ctx context.Context) {
			var wg sync.WaitGroup
			wg.Go(func() {
				for range 3 {
					clk.Sleep(10 * time.Millisecond)
					log.AddLine("a " + playertest.FormatDuration(clk.Elapsed()))
				}
			})
			wg.Go(func() {
				for range 3 {
					clk.Sleep(10 * time.Millisecond)
					log.AddLine("b " + playertest.FormatDuration(clk.Elapsed()))
				}
			})
			wg.Wait()
		})
		if i == 0 {
			first = log.String()
		} else if d := playertest.FirstDiff(first, log.String()); d != "" {
			t.Fatalf("run %d differs from the first: %s", i+1, d)
		}
	}
}

func TestDriveDeadlock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		clk := playertest.NewClock()
		done, release := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(done)
			clk.Sleep(time.Second)
			<-release // blocked for ever, no timer pending
		}()
		err := playertest.Drive(clk, time.Minute, done)
		var de *playertest.DriveError
		if !errors.Is(err, playertest.ErrDeadlock) || !errors.As(err, &de) {
			t.Fatalf("Drive returned %v, want a deadlock", err)
		}
		if de.At != time.Second || de.Fires != 1 || !strings.Contains(de.Stacks, "TestDriveDeadlock") {
			t.Errorf("deadlock at %v after %d fires; stacks:\n%s", de.At, de.Fires, de.Stacks)
		}
		t.Log(err)
		close(release)
		<-done
	})
}

func TestDriveLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		clk := playertest.NewClock()
		done, quit := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(done)
			for {
				tm := clk.NewTimer(time.Second)
				select {
				case <-tm.C():
				case <-quit:
					tm.Stop()
					return
				}
			}
		}()
		err := playertest.Drive(clk, 10*time.Second, done)
		var de *playertest.DriveError
		if !errors.Is(err, playertest.ErrLimit) || !errors.As(err, &de) || de.At != 10*time.Second || de.Next != 11*time.Second {
			t.Fatalf("Drive returned %v, want the limit at 10s", err)
		}
		t.Log(err)
		close(quit)
		<-done
	})
}

func TestDriveSpin(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		clk := playertest.NewClock()
		done, quit := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(done)
			for {
				tm := clk.NewTimer(0)
				select {
				case <-tm.C():
				case <-quit:
					tm.Stop()
					return
				}
			}
		}()
		err := playertest.Drive(clk, 0, done)
		if !errors.Is(err, playertest.ErrSpin) {
			t.Fatalf("Drive returned %v, want a spin", err)
		}
		close(quit)
		<-done
	})
}

// childEnv names the failing scenario a re-run test binary plays (TestRunFails).
const childEnv = "PLAYERTEST_CHILD"

// TestRunFails runs the test binary again on TestRunFailsChild, whose Run must fail
// the test with a clear message instead of hanging.
func TestRunFails(t *testing.T) {
	for _, c := range []struct{ scenario, want string }{
		{"deadlock", "deadlock in virtual time"},
		{"limit", "virtual-time limit reached"},
		{"stuck", "did not return once its context was cancelled"},
	} {
		t.Run(c.scenario, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestRunFailsChild$", "-test.count=1", "-test.timeout=20s")
			cmd.Env = append(os.Environ(), childEnv+"="+c.scenario)
			out, err := cmd.CombinedOutput()
			if err == nil || !strings.Contains(string(out), c.want) || !strings.Contains(string(out), "FAIL") {
				t.Fatalf("child: %v, want a failure saying %q; output:\n%s", err, c.want, out)
			}
			if i := strings.Index(string(out), "playertest.Run:"); i >= 0 {
				line, _, _ := strings.Cut(string(out)[i:], "\n")
				t.Log(line)
			}
		})
	}
}

func TestRunFailsChild(t *testing.T) {
	scenario := os.Getenv(childEnv)
	if scenario == "" {
		t.Skip("run by TestRunFails")
	}
	clk := playertest.NewClock()
	playertest.Run(t, clk, 5*time.Second, func(ctx context.Context) {
		switch scenario {
		case "deadlock": // waits for something that never comes, on no timer
			<-ctx.Done()
		case "limit": // a ticker for ever
			for {
				tm := clk.NewTimer(time.Second)
				select {
				case <-tm.C():
				case <-ctx.Done():
					return
				}
			}
		case "stuck": // ignores its context
			select {}
		}
	})
}
