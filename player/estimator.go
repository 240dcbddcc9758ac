package player

import (
	"math"
	"sync"
	"time"
)

// Transfer is one completed download, a bandwidth sample.
type Transfer struct {
	Bytes int64
	// TTFB is the time to the first byte, Duration the whole transfer (TTFB included).
	TTFB, Duration time.Duration
	// Concurrency is how many downloads were in flight when this one started;
	// ConcurrentBytes what the others received while this one ran: the link moved
	// Bytes+ConcurrentBytes in Duration.
	Concurrency     int
	ConcurrentBytes int64
	// Level is the ladder index of the fragment (-1: not a fragment), Audio marks
	// audio fragments, End is when it finished (time since the session started).
	Level int
	Audio bool
	End   time.Duration
}

// Estimator is the bandwidth meter: it receives every transfer and estimates the
// throughput in bits/s (0 while it knows nothing). Safe for concurrent use.
type Estimator interface {
	Observe(t Transfer)
	Estimate() int64
}

// EWMAEstimator keeps two exponentially weighted means of transfer throughput,
// weighted by transfer duration (half-lives 2 s and 6 s), and reports the lower.
// A transfer shared with others counts the link's rate: its bytes and theirs.
type EWMAEstimator struct {
	mu         sync.Mutex
	fast, slow ewma
}

// NewEWMAEstimator returns an empty estimator.
func NewEWMAEstimator() *EWMAEstimator {
	return &EWMAEstimator{fast: ewma{halfLife: 2}, slow: ewma{halfLife: 6}}
}

// Observe implements Estimator. Transfers under 2 KB say nothing and are ignored.
func (e *EWMAEstimator) Observe(t Transfer) {
	if t.Bytes < 2000 || t.Duration <= 0 {
		return
	}
	bps := float64((t.Bytes+t.ConcurrentBytes)*8) / t.Duration.Seconds()
	e.mu.Lock()
	defer e.mu.Unlock()
	e.fast.add(t.Duration.Seconds(), bps)
	e.slow.add(t.Duration.Seconds(), bps)
}

// Estimate implements Estimator.
func (e *EWMAEstimator) Estimate() int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.fast.weight == 0 {
		return 0
	}
	return int64(math.Min(e.fast.value(), e.slow.value()))
}

type ewma struct {
	halfLife float64
	est      float64
	weight   float64
}

func (a *ewma) add(w, v float64) {
	alpha := math.Pow(0.5, w/a.halfLife)
	a.est = v*(1-alpha) + alpha*a.est
	a.weight = (1 - alpha) + alpha*a.weight
}

// value corrects the zero-start bias.
func (a *ewma) value() float64 { return a.est / a.weight }
