package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// loadBench is the set-up of BenchmarkLoad: BENCH_LOAD_VIEWERS and BENCH_LOAD_FOR
// change the defaults (500 viewers for 60 s, the figure).
func loadBench() (viewers int, dur time.Duration) {
	viewers, dur = 500, time.Minute
	if n, err := strconv.Atoi(os.Getenv("BENCH_LOAD_VIEWERS")); err == nil && n > 0 {
		viewers = n
	}
	if d, err := time.ParseDuration(os.Getenv("BENCH_LOAD_FOR")); err == nil && d > 0 {
		dur = d
	}
	return viewers, dur
}

// accessLogLines counts the requests an access log file holds.
func accessLogLines(t testing.TB, path string) int {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range strings.Split(string(raw), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			n++
		}
	}
	return n
}

// BenchmarkLoad runs `smoothie load` against `smoothie serve` on loopback, then
// against nginx (origin/nginx.conf.example) caching in front of a fresh origin:
// the load generator's peak RSS per viewer and CPU, what the viewers got, and how
// many of their requests reached the origin. Run with `make bench-load`.
func BenchmarkLoad(b *testing.B) {
	viewers, dur := loadBench()
	for _, via := range []string{"origin", "nginx"} {
		b.Run(via, func(b *testing.B) {
			logPath := filepath.Join(b.TempDir(), "access.log")
			o := startServe(b, "--access-log", logPath, demoDir)
			base := o.URL
			if via == "nginx" {
				base = startNginx(b, o.URL)
			}
			report := filepath.Join(b.TempDir(), "load.json")
			cmd := exec.Command(smoothie, "load", "--quiet", "--viewers", strconv.Itoa(viewers), "--for", dur.String(),
				"--ramp", (dur / 6).String(), "--json", report, base+"/demo.ism/Manifest")
			out, err := cmd.CombinedOutput()
			if err != nil {
				b.Fatalf("smoothie load: %v\n%s", err, out)
			}
			ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
			cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
			rssMiB := float64(ru.Maxrss) / 1024
			var rep struct {
				Aggregate struct {
					Viewers, NeverStarted, Failed, Stalls int
					Requests                              int
					StallRatio                            struct{ P99 float64 }      `json:"stall_ratio"`
					StartupMS                             struct{ P50, P99 float64 } `json:"startup_ms"`
					AvgKbps                               struct{ P50 float64 }      `json:"avg_kbps"`
				}
			}
			raw, err := os.ReadFile(report)
			if err != nil {
				b.Fatal(err)
			}
			if err := json.Unmarshal(raw, &rep); err != nil {
				b.Fatal(err)
			}
			time.Sleep(time.Second) // the origin writes the last lines
			a := rep.Aggregate
			originReqs := accessLogLines(b, logPath)
			b.Logf("%s: %d viewers for %v: %s", via, viewers, dur, tail(string(out), 10))
			b.Logf("%s: load generator peak RSS %.0f MiB (%.2f MiB a viewer), CPU %v (%.0f%% of a core); %d requests, %d reached the origin",
				via, rssMiB, rssMiB/float64(viewers), cpu.Round(time.Millisecond), 100*cpu.Seconds()/dur.Seconds(), a.Requests, originReqs)
			if a.Viewers != viewers || a.Failed != 0 {
				b.Errorf("%d viewers, %d failed", a.Viewers, a.Failed)
			}
			b.ReportMetric(rssMiB, "peak-RSS-MiB")
			b.ReportMetric(rssMiB/float64(viewers), "MiB/viewer")
			b.ReportMetric(cpu.Seconds()/dur.Seconds(), "cores")
			b.ReportMetric(float64(a.Requests), "requests")
			b.ReportMetric(float64(originReqs), "origin-requests")
			b.ReportMetric(float64(originReqs)/float64(max(a.Requests, 1)), "origin-share")
			b.ReportMetric(a.StallRatio.P99*100, "stall-p99-%")
			b.ReportMetric(a.StartupMS.P99, "startup-p99-ms")
		})
	}
}
