package load

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/shirou/gopsutil/v4/process"
)

// Limits of the load generator itself: above them, what the viewers got says
// more about this process than about the origin.
const (
	selfCPULimit  = 0.9                    // of the cores it may use
	selfLateLimit = 100 * time.Millisecond // a 100 ms tick this late
	selfTick      = 100 * time.Millisecond
)

// selfSecond is one second of the load generator's own figures.
type selfSecond struct {
	CPU  float64       // share of the cores it may use, 0..1 (-1 unknown)
	Late time.Duration // the latest a 100 ms tick fired in that second
}

// selfMonitor measures the load generator: its CPU each second and how late its
// own 100 ms ticks fire (a scheduler that cannot keep up delays the viewers' clocks
// and requests as much).
type selfMonitor struct {
	mu      sync.Mutex
	seconds []selfSecond
	proc    *process.Process
}

func newSelfMonitor() *selfMonitor {
	m := &selfMonitor{}
	m.proc, _ = process.NewProcess(int32(os.Getpid()))
	return m
}

// cpuTime is the process's CPU time so far (-1 unknown).
func (m *selfMonitor) cpuTime() time.Duration {
	if m.proc == nil {
		return -1
	}
	t, err := m.proc.Times()
	if err != nil {
		return -1
	}
	return time.Duration((t.User + t.System) * float64(time.Second))
}

func (m *selfMonitor) watch(ctx context.Context) {
	t := time.NewTicker(selfTick)
	defer t.Stop()
	last, secStart := time.Now(), time.Now()
	cpu0 := m.cpuTime()
	var late time.Duration
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			late = max(late, now.Sub(last)-selfTick)
			last = now
			if now.Sub(secStart) < time.Second {
				continue
			}
			cpu1 := m.cpuTime()
			share := -1.0
			if cpu0 >= 0 && cpu1 >= 0 {
				share = (cpu1 - cpu0).Seconds() / now.Sub(secStart).Seconds() / float64(cores())
			}
			m.mu.Lock()
			m.seconds = append(m.seconds, selfSecond{CPU: share, Late: late})
			m.mu.Unlock()
			cpu0, secStart, late = cpu1, now, 0
		}
	}
}

// last is the newest second measured (ok false before the first).
func (m *selfMonitor) last() (selfSecond, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.seconds) == 0 {
		return selfSecond{}, false
	}
	return m.seconds[len(m.seconds)-1], true
}

func (m *selfMonitor) all() []selfSecond {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]selfSecond(nil), m.seconds...)
}

// Self is the load generator's own figures over a run.
type Self struct {
	Cores int `json:"cores"`
	// MeanCPU and PeakCPU are shares of the cores (0..1; -1 unknown).
	MeanCPU float64 `json:"mean_cpu"`
	PeakCPU float64 `json:"peak_cpu"`
	// MaxLateMS is the latest its 100 ms tick fired (ms).
	MaxLateMS float64 `json:"max_late_ms"`
	// SecondsOverLimit counts the seconds above a limit; Bottleneck says which
	// ("" when none was reached).
	SecondsOverLimit int    `json:"seconds_over_limit"`
	Bottleneck       string `json:"bottleneck,omitempty"`
}

// judgeSelf sums up the seconds: whether the load generator was itself the
// bottleneck, and why.
func judgeSelf(secs []selfSecond, cores int) Self {
	s := Self{Cores: cores, MeanCPU: -1, PeakCPU: -1}
	var sum float64
	var n, cpuOver, lateOver int
	var worst time.Duration
	for _, x := range secs {
		if x.CPU >= 0 {
			sum += x.CPU
			n++
			s.PeakCPU = max(s.PeakCPU, x.CPU)
		}
		worst = max(worst, x.Late)
		over := false
		if x.CPU > selfCPULimit {
			cpuOver++
			over = true
		}
		if x.Late > selfLateLimit {
			lateOver++
			over = true
		}
		if over {
			s.SecondsOverLimit++
		}
	}
	if n > 0 {
		s.MeanCPU = sum / float64(n)
	}
	s.MaxLateMS = float64(worst.Microseconds()) / 1000
	switch {
	case cpuOver > 0 && lateOver > 0:
		s.Bottleneck = fmt.Sprintf("the load generator was the bottleneck: its CPU above %.0f%% of %d cores for %d s and its scheduling late by up to %.0f ms (more than %v) for %d s: fewer viewers per process, or more processes",
			selfCPULimit*100, cores, cpuOver, s.MaxLateMS, selfLateLimit, lateOver)
	case cpuOver > 0:
		s.Bottleneck = fmt.Sprintf("the load generator was the bottleneck: its CPU above %.0f%% of %d cores (GOMAXPROCS) for %d s: fewer viewers per process, or more processes", selfCPULimit*100, cores, cpuOver)
	case lateOver > 0:
		s.Bottleneck = fmt.Sprintf("the load generator was the bottleneck: its scheduling late by up to %.0f ms (more than %v) for %d s", s.MaxLateMS, selfLateLimit, lateOver)
	}
	return s
}
