package abr

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestMeter has the cases of the player's former EWMA estimator, on the one
// meter the player now feeds: an empty meter knows nothing, tiny transfers say
// nothing, one sample is the estimate, a drop is followed, and a transfer that
// shared the link counts the link's rate.
func TestMeter(t *testing.T) {
	for _, f := range []Forecaster{nil, NewSmoothie(DefaultSmoothieConfig()), dashEWMA{}} {
		name := "default"
		if f != nil {
			name = fmt.Sprintf("%T", f)
		}
		t.Run(name, func(t *testing.T) {
			m := NewMeter(f)
			if m.Estimate() != 0 {
				t.Fatal("empty meter has an estimate")
			}
			m.Observe(Transfer{Bytes: 100, Duration: time.Second}) // too small: ignored
			if m.Estimate() != 0 {
				t.Fatal("tiny transfer counted")
			}
			m.Observe(Transfer{Bytes: 125_000, Duration: time.Second})
			if got := m.Estimate(); got < 990_000 || got > 1_010_000 {
				t.Fatalf("one 1 Mbit/s sample: %.0f", got)
			}
			for range 10 {
				m.Observe(Transfer{Bytes: 25_000, Duration: time.Second})
			}
			if got := m.Estimate(); got > 260_000 {
				t.Fatalf("after a drop to 200 kbit/s the estimate stays at %.0f", got)
			}
			m.Observe(Transfer{Bytes: 62_500, ConcurrentBytes: 62_500, Duration: time.Second})
			if got := m.Estimate(); got < 200_000 {
				t.Fatalf("shared transfer lowered the estimate: %.0f", got)
			}
			ts, est := m.Snapshot()
			if len(ts) != 13 || est != m.Estimate() {
				t.Fatalf("snapshot: %d transfers, %.0f (estimate %.0f)", len(ts), est, m.Estimate())
			}
			for range 2 * meterWindow {
				m.Observe(Transfer{Audio: true, Bytes: 20_000, Duration: time.Second})
			}
			if ts, _ := m.Snapshot(); len(ts) != meterWindow {
				t.Fatalf("the window holds %d transfers, want %d", len(ts), meterWindow)
			}
		})
	}
}

// TestEngineDecidesWithTheMeter: the smoothie engine's decision names the
// meter's figure as the throughput it used, and the reason shows it.
func TestEngineDecidesWithTheMeter(t *testing.T) {
	s := NewSmoothie(DefaultSmoothieConfig())
	m := NewMeter(s)
	for i, mbit := range []float64{2, 2.5, 1.5, 3, 2} {
		m.Observe(Transfer{Level: 2, Bytes: int64(mbit * 1e6 / 8 * 2), TTFB: 20 * time.Millisecond, Duration: 2*time.Second + 20*time.Millisecond, End: time.Duration(i+1) * 2 * time.Second})
	}
	ts, est := m.Snapshot()
	in := Input{Ladder: Bitrates(300_000, 750_000, 1_500_000, 3_000_000), Current: 2, Buffer: 12 * time.Second,
		MaxBuffer: 30 * time.Second, ChunkDuration: 2 * time.Second, ChunksLeft: -1, Transfers: ts, Throughput: est, CPULoad: -1, MaxLevel: -1}
	d := s.Select(in)
	if est <= 0 || d.Throughput != est {
		t.Fatalf("decision used %.0f, the meter says %.0f", d.Throughput, est)
	}
	if want := "throughput " + mbps(est); !strings.Contains(d.Reason, want) {
		t.Errorf("reason %q does not show %q", d.Reason, want)
	}
	// Without the meter's figure (the simulator) the engine computes the same.
	in.Throughput = 0
	if d2 := s.Select(in); d2.Throughput != est || d2.Level != d.Level {
		t.Errorf("on its own: %.0f level %d; with the meter: %.0f level %d", d2.Throughput, d2.Level, est, d.Level)
	}
	// The meter's figure is what the engine plans with: a lower one leads lower.
	in.Throughput = est / 4
	if d3 := s.Select(in); d3.Level >= d.Level || d3.Throughput != est/4 {
		t.Errorf("with a quarter of the throughput: level %d (%.0f), was %d", d3.Level, d3.Throughput, d.Level)
	}
}

// dashEWMA forecasts with the conservative EWMA read-out, as a meter of another kind.
type dashEWMA struct{}

func (dashEWMA) Forecast(ts []Transfer) float64 {
	return Estimator{Config: DefaultEstimatorConfig()}.Estimate(ts).Safe()
}
