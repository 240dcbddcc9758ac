//go:build soak

package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/internal/syncbuf"
)

// `make soak`: long checks kept out of `make test`.

// soakFor is how long TestSoakPlayLoop plays; SMOOTHIE_SOAK (a Go duration) shortens
// it for a quick look, the figure is 10 minutes.
func soakFor(t *testing.T) time.Duration {
	return soakDuration(t, "SMOOTHIE_SOAK", 10*time.Minute, 30*time.Second)
}

// soakDuration is how long a soak test plays: def, or the Go duration in the
// environment variable env, of at least least.
func soakDuration(t *testing.T, env string, def, least time.Duration) time.Duration {
	v := os.Getenv(env)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < least {
		t.Fatalf("%s=%q: want a duration of at least %v", env, v, least)
	}
	return d
}

// soakPlay runs `smoothie play ARGS` for a soak of dur: started hears its output
// and pid once it runs, sample is called every period until it exits. The test
// fails when the player outlives dur by two minutes or exits with an error; the
// player is killed if the test ends first.
func soakPlay(t *testing.T, dur, period time.Duration, args []string, started func(out *syncbuf.Buffer, pid int), sample func(at time.Duration)) *syncbuf.Buffer {
	t.Helper()
	cmd := exec.Command(smoothie, append([]string{"play"}, args...)...)
	out := &syncbuf.Buffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	exited := false
	defer func() {
		if !exited {
			cmd.Process.Kill()
			<-done
		}
	}()
	started(out, cmd.Process.Pid)
	start := time.Now()
	tick := time.NewTicker(period)
	defer tick.Stop()
	deadline := time.NewTimer(dur + 2*time.Minute)
	defer deadline.Stop()
	for {
		select {
		case err := <-done:
			exited = true
			if err != nil {
				t.Fatalf("smoothie play: %v\n%s", err, out.String())
			}
			return out
		case <-tick.C:
			sample(time.Since(start))
		case <-deadline.C:
			t.Fatalf("smoothie play %s still running after %v\n%s", strings.Join(args, " "), time.Since(start), out.String())
		}
	}
}

// Peak RSS and flatness bounds of a looped playback.
const (
	soakPeakMB = 250 // the goal for the peak (VmHWM)
	// soakWarmup is left out of the flatness check: the first fragments download and
	// the buffers fill to their 30 s target during it.
	soakWarmup = 40 * time.Second
	// The last third's mean RSS may exceed the first third's by soakGrowMB: the Go
	// heap breathes by up to its live size between collections (GOGC=100, a few MB
	// here) and FFmpeg's frame pools are re-made at every loop (a decoder reopens),
	// which moves RSS by a few MB (measured: +4.4 MB over 10 min, with
	// decode.LimitMallocGrowth; +12.9 MB without it, the test's first catch).
	// A leak of one 720p frame (1.4 MB) or one 2.5 Mbit/s fragment (0.6 MB) per
	// 20 s loop adds 40 MB or 18 MB over 10 minutes: either trips it.
	soakGrowMB = 12
)

// procMem reads VmRSS and VmHWM (MiB) of pid from /proc.
func procMem(pid int) (rss, hwm float64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || (k != "VmRSS" && k != "VmHWM") {
			continue
		}
		kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
		if err != nil {
			return 0, 0, fmt.Errorf("/proc/%d/status: %s: %v", pid, k, err)
		}
		if k == "VmRSS" {
			rss = kb / 1024
		} else {
			hwm = kb / 1024
		}
	}
	return rss, hwm, nil
}

// TestSoakPlayLoop plays the demo's 720p level with --loop headless for soakFor
// (10 min), samples the player's VmRSS and VmHWM every 5 s, and checks the peak
// stays within 250 MB and the RSS is flat: the last third's mean no more than
// soakGrowMB above the first third's (after the warm-up).
func TestSoakPlayLoop(t *testing.T) {
	dur := soakFor(t)
	o := startDemoOrigin(t)
	stats := filepath.Join(t.TempDir(), "stats.jsonl")
	type sample struct {
		at       time.Duration
		rss, hwm float64
	}
	var samples []sample
	var pid int
	out := soakPlay(t, dur, 5*time.Second, []string{"--headless", "--loop", "--quality", "5", "--for", dur.String(),
		"--stats-json", stats, o.URL + "/demo.ism/Manifest"},
		func(_ *syncbuf.Buffer, p int) { pid = p },
		func(at time.Duration) {
			rss, hwm, err := procMem(pid)
			if err != nil {
				return // exiting between the tick and the read
			}
			samples = append(samples, sample{at, rss, hwm})
			if n := len(samples); n%12 == 0 {
				t.Logf("%4.0fs  VmRSS %6.1f MB  VmHWM %6.1f MB", at.Seconds(), rss, hwm)
			}
		})
	raw, err := os.ReadFile(stats)
	if err != nil {
		t.Fatal(err)
	}
	var sum map[string]any
	for _, l := range bytes.Split(raw, []byte("\n")) {
		if bytes.Contains(l, []byte(`"type":"summary"`)) {
			if err := json.Unmarshal(l, &sum); err != nil {
				t.Fatal(err)
			}
		}
	}
	if sum == nil || sum["errors"].(float64) != 0 || sum["played_s"].(float64) < dur.Seconds()-2 {
		t.Fatalf("summary %v\n%s", sum, out.String())
	}

	var steady []float64
	peak := 0.0
	for _, s := range samples {
		peak = max(peak, s.hwm)
		if s.at >= soakWarmup {
			steady = append(steady, s.rss)
		}
	}
	if len(steady) < 6 {
		t.Fatalf("%d RSS samples after the warm-up, want at least 6", len(steady))
	}
	third := len(steady) / 3
	first, last := mean(steady[:third]), mean(steady[len(steady)-third:])
	t.Logf("played %.0f s (%d frames): peak VmHWM %.1f MB; mean VmRSS first third %.1f MB, last third %.1f MB (%+.1f MB)",
		sum["played_s"], int(sum["frames_decoded"].(float64)), peak, first, last, last-first)
	if peak > soakPeakMB {
		t.Errorf("peak RSS %.1f MB, goal ≤ %d MB", peak, soakPeakMB)
	}
	if last > first+soakGrowMB {
		t.Errorf("RSS grows: last third %.1f MB against %.1f MB in the first (margin %d MB)", last, first, soakGrowMB)
	}
}
