package abr

import "sync"

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
// is the centre of the// forecast of the smoothie engine with its default configuration: one meter,
// whatever wraps the policy. The smoothie engine decides with the figure it is
// given (Input.Throughput); the published baselines keep their own estimators.
// Safe for concurrent use.
type Meter struct {
	mu  sync.Mutex
	f   Forecaster
	ts  []Transfer
	est float64 // the estimate over ts, updated by Observe
}

// NewMeter returns an empty meter estimating with f (nil: the default smoothie
// engine's forecast).
func NewMeter(f Forecaster) *Meter {
	if f == nil {
		f = NewSmoothie(DefaultSmoothieConfig())
	}
	return &Meter{f: f}
}

// Observe records a finished transfer (its ConcurrentBytes already filled in
// by the fetcher) and updates the estimate.
func (m *Meter) Observe(t Transfer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.ts) == meterWindow {
		m.ts = append(m.ts[:0], m.ts[1:]...)
	}
	m.ts = append(m.ts, t)
	m.est = m.f.Forecast(m.ts)
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
