package playertest

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// benchEnv carries the number of runs a benchmark asks of a re-run test binary.
const benchEnv = "PLAYERTEST_BENCH_N"

// benchLine starts the line a re-run test binary reports its timing on.
const benchLine = "playertest-bench:"

// Timed runs run, a virtual-time scenario (one playertest.Run or more) that returns
// the timers it fired, and logs its wall time. A test holding a Timed scenario is
// what Bench measures: when Bench re-runs the test binary on that test, Timed runs
// the scenario as many times as the benchmark asks and reports the total on
// standard output. synctest needs a *testing.T, so a benchmark cannot run a bubble
// itself; the test does it for it.
func Timed(t *testing.T, run func(t *testing.T) (fires uint64)) {
	t.Helper()
	n := 1
	if s := os.Getenv(benchEnv); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 1 {
			t.Fatalf("%s=%q", benchEnv, s)
		}
	}
	var fires uint64
	t0 := time.Now()
	for range n {
		fires += run(t)
	}
	wall := time.Since(t0)
	if os.Getenv(benchEnv) != "" {
		fmt.Printf("%s n=%d ns=%d fires=%d\n", benchLine, n, wall.Nanoseconds(), fires)
		return
	}
	per := time.Duration(0)
	if fires > 0 {
		per = wall / time.Duration(fires)
	}
	t.Logf("wall %v for %d timer fires (%v a fire, with the synctest.Wait after it)", wall, fires, per)
}

// Bench measures the Timed scenario of the test named test (a test function of the
// same package, e.g. "TestSimulatedMinute"): it runs the test binary again on that
// test alone with b.N runs of the scenario and reports the wall time the scenario
// took in that process as ns/op, with fires/op and ns/fire. The process's start is
// not counted. The child runs with the benchmark's GOMAXPROCS, so -cpu 1,2 compares:
// on one P a bubble's wake-ups need no thread hand-offs and a session-like minute
// takes about half the time.
func Bench(b *testing.B, test string) {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1", "-test.timeout=0")
	// The child runs on the benchmark's GOMAXPROCS (-cpu), not the machine's.
	cmd.Env = append(os.Environ(), benchEnv+"="+strconv.Itoa(b.N), "GOMAXPROCS="+strconv.Itoa(runtime.GOMAXPROCS(0)))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s: %v\n%s", test, err, out.String())
	}
	var n, ns, fires int64
	found := false
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), benchLine); ok {
			if _, err := fmt.Sscanf(rest, " n=%d ns=%d fires=%d", &n, &ns, &fires); err != nil {
				b.Fatalf("%s: %q: %v", test, sc.Text(), err)
			}
			found = true
		}
	}
	if !found || n != int64(b.N) {
		b.Fatalf("%s reported no timing for %d runs (is it a Timed test?):\n%s", test, b.N, out.String())
	}
	b.ReportMetric(float64(ns)/float64(n), "ns/op")
	b.ReportMetric(float64(fires)/float64(n), "fires/op")
	if fires > 0 {
		b.ReportMetric(float64(ns)/float64(fires), "ns/fire")
	}
}
