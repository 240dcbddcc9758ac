package abr

import (
	"math"
	"time"
)

// EstimatorConfig tunes the throughput estimator. The zero value is not
// useful; start from DefaultEstimatorConfig.
type EstimatorConfig struct {
	FastHalfLife time.Duration // EWMA half-life in transfer time (dash.js: 3 s)
	SlowHalfLife time.Duration // (dash.js: 8 s)
	Window       int           // transfers kept for the percentile (most recent)
	Percentile   float64       // 0..1, weighted by √bytes like ExoPlayer's meter
	MinBytes     int64         // smaller transfers are ignored: TTFB and slow start dominate them
}

// DefaultEstimatorConfig is the configuration Smoothie uses.
func DefaultEstimatorConfig() EstimatorConfig {
	return EstimatorConfig{
		FastHalfLife: 3 * time.Second,
		SlowHalfLife: 8 * time.Second,
		Window:       10,
		Percentile:   0.5,
		MinBytes:     16 << 10,
	}
}

// Estimate is a throughput read-out in bits per second.
type Estimate struct {
	Fast, Slow float64 // bias-corrected EWMAs
	Pct        float64 // weighted percentile of the window
	Samples    int     // transfers that counted
}

// Safe is the conservative estimate: the lowest of the two EWMAs (dash.js's
// read-out) and the percentile. 0 when there were no samples.
func (e Estimate) Safe() float64 {
	if e.Samples == 0 {
		return 0
	}
	return math.Min(math.Min(e.Fast, e.Slow), e.Pct)
}

// linkSample turns a transfer into a link-rate sample (bits/s) and its
// transfer time, or ok=false when the transfer says nothing about the link.
// The time excludes TTFB when the transfer has a body time of its own (not a
// pooled one: its wall time is the measure), and
// bytes that parallel transfers moved meanwhile are added: both tracks share
// the link, so counting one alone would under-estimate it.
func linkSample(t Transfer, minBytes int64) (bps float64, secs float64, ok bool) {
	if t.Bytes < minBytes || t.Duration <= 0 {
		return 0, 0, false
	}
	d := t.Duration
	if body := t.Duration - t.TTFB; t.Pooled == 0 && t.TTFB > 0 && body > t.Duration/4 {
		d = body
	}
	secs = d.Seconds()
	return float64(t.Bytes+t.ConcurrentBytes) * 8 / secs, secs, true
}

// Estimator computes throughput estimates from a transfer history. It is a
// value: Estimate is a pure function of its configuration and the input.
type Estimator struct {
	Config EstimatorConfig
}

// Estimate reads the transfers (oldest first). Audio transfers are skipped as
// samples of their own; their bytes reach the estimate through the video
// transfers' ConcurrentBytes.
func (e Estimator) Estimate(ts []Transfer) Estimate {
	c := e.Config
	var est Estimate
	var fast, slow, total float64
	type ws struct{ v, w float64 }
	var buf [32]ws
	win := buf[:0]
	for i, t := range ts {
		if t.Audio {
			continue
		}
		v, secs, ok := linkSample(t, c.MinBytes)
		if !ok {
			continue
		}
		est.Samples++
		af := math.Exp2(-secs / c.FastHalfLife.Seconds())
		as := math.Exp2(-secs / c.SlowHalfLife.Seconds())
		fast = (1-af)*v + af*fast
		slow = (1-as)*v + as*slow
		total += secs
		if len(ts)-i <= c.Window || c.Window <= 0 {
			win = append(win, ws{v, math.Sqrt(float64(t.Bytes))})
		}
	}
	if est.Samples == 0 {
		return est
	}
	est.Fast = fast / (1 - math.Exp2(-total/c.FastHalfLife.Seconds()))
	est.Slow = slow / (1 - math.Exp2(-total/c.SlowHalfLife.Seconds()))
	if len(win) == 0 {
		est.Pct = math.Min(est.Fast, est.Slow)
		return est
	}
	for i := 1; i < len(win); i++ { // insertion sort: the window is small
		for j := i; j > 0 && win[j].v < win[j-1].v; j-- {
			win[j], win[j-1] = win[j-1], win[j]
		}
	}
	var sum float64
	for _, s := range win {
		sum += s.w
	}
	target, acc := c.Percentile*sum, 0.0
	est.Pct = win[len(win)-1].v
	for _, s := range win {
		acc += s.w
		if acc >= target {
			est.Pct = s.v
			break
		}
	}
	return est
}
