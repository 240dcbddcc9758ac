package sensor

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/shirou/gopsutil/v4/cpu"
	"github.com/shirou/gopsutil/v4/process"
)

// CPU is a CPU-load reader for the system and this process.
type CPU struct {
	proc *process.Process
}

// NewCPU prepares a reader for the current process.
func NewCPU() (*CPU, error) {
	p, err := process.NewProcess(int32(os.Getpid()))
	if err != nil {
		return nil, fmt.Errorf("sensor: cpu: %w", err)
	}
	return &CPU{proc: p}, nil
}

// Load measures over interval and returns the system load (0..1, all cores)
// and this process's share (0..1 of the whole machine). It blocks for
// interval; a reading that fails is -1 (unknown).
func (c *CPU) Load(ctx context.Context, interval time.Duration) (system, self float64) {
	system, self = -1, -1
	done := make(chan float64, 1)
	go func() {
		v, err := c.proc.PercentWithContext(ctx, interval)
		if err != nil {
			done <- -1
			return
		}
		done <- v
	}()
	if ps, err := cpu.PercentWithContext(ctx, interval, false); err == nil && len(ps) == 1 {
		system = clamp01(ps[0] / 100)
	}
	if v := <-done; v >= 0 {
		if n, err := cpu.CountsWithContext(ctx, true); err == nil && n > 0 {
			self = clamp01(v / 100 / float64(n))
		}
	}
	return system, self
}

func clamp01(v float64) float64 {
	switch {
	case v < 0:
		return 0
	case v > 1:
		return 1
	}
	return v
}

// ParseCPUBudget reads a --cpu-budget value: the share of one frame
// interval decoding may use, as "85%" or "0.85".
func ParseCPUBudget(s string) (float64, error) {
	t := strings.TrimSpace(s)
	pct := strings.HasSuffix(t, "%")
	v, err := strconv.ParseFloat(strings.TrimSuffix(t, "%"), 64)
	if err != nil {
		return 0, fmt.Errorf("cpu budget %q: not a number", s)
	}
	if pct {
		v /= 100
	}
	if v <= 0 || v > 1 {
		return 0, fmt.Errorf("cpu budget %q: want a share in (0, 1] or a percentage", s)
	}
	return v, nil
}
