package abr

import (
	"slices"
	"sync"
)

// Forecaster is a policy that names the throughput it decides with: given the
// transfer history it returns its central estimate in bits/s (0 when it has
// none). A Meter built on it reports that same figure, so what a player shows
// as "throughput" is what the engine used.
type Forecaster interface {
	Forecast(ts []Transfer) float64
}

// meterWindow is how many recent transfers a Meter keeps (and passes to the
// policy in Input.Transfers).
const meterWindow = 32

// Meter is a session's one bandwidth meter: the player feeds it every
// transfer (video, audio, text), the policy reads its window of transfers and
// its estimate, and the player's stats show the same estimate. The estimate
// is the centre of the forecast of the smoothie engine with its default
// configuration: one meter, whatever wraps the policy. The smoothie engine
// decides with the figure it is given (Input.Throughput); the published
// baselines keep their own estimators.
//
// Small transfers are pooled (see pool): a busy period's small transfers
// become one transfer in the window, in place of its small video transfers.
// When the window is full the oldest transfer that is no sample of its own
// (audio, a small video transfer) goes first, so what the last busy period
// measured stays while a full buffer fetches small fragments.
// Safe for concurrent use.
type Meter struct {
	mu   sync.Mutex
	f    Forecaster
	ts   []Transfer
	est  float64 // the estimate over ts, updated by Observe
	pool pool
}

// NewMeter returns an empty meter estimating with f (nil: the default smoothie
// engine's forecast).
func NewMeter(f Forecaster) *Meter {
	if f == nil {
		f = NewSmoothie(DefaultSmoothieConfig())
	}
	return &Meter{f: f}
}

// small is a transfer too small to be a video sample of its own.
func small(t Transfer) bool {
	return t.Audio || (t.Pooled == 0 && t.Bytes < DefaultEstimatorConfig().MinBytes)
}

// Observe records a finished transfer (its ConcurrentBytes already filled in
// by the fetcher) and updates the estimate.
func (m *Meter) Observe(t Transfer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.push(t)
	if !small(t) {
		m.pool.interrupt(t)
	} else if p, ok := m.pool.add(t); ok {
		// The pooled transfer stands for the small video transfers before it.
		m.ts = slices.DeleteFunc(m.ts, func(e Transfer) bool { return !e.Audio && small(e) })
		m.push(p)
	}
	m.est = m.f.Forecast(m.ts)
}

// push appends t to the window, making room first: the oldest small transfer
// goes, or the oldest of all when every one is a sample.
func (m *Meter) push(t Transfer) {
	if len(m.ts) == meterWindow {
		i := slices.IndexFunc(m.ts, small)
		if i < 0 {
			i = 0
		}
		m.ts = slices.Delete(m.ts, i, i+1)
	}
	m.ts = append(m.ts, t)
}

// Snapshot returns a copy of the recent transfers, oldest first, and the
// estimate over exactly those transfers (bits/s, 0 while unknown).
func (m *Meter) Snapshot() ([]Transfer, float64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Transfer(nil), m.ts...), m.est
}

// Estimate is the current estimate in bits/s (0 while unknown).
func (m *Meter) Estimate() float64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.est
}
