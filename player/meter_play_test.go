package player_test

import (
	"sync"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/origin"
	"github.com/smoothie-player/smoothie/player"
)

// meterLog is the session's meter, remembering every estimate it gave out.
type meterLog struct {
	*abr.Meter
	mu   sync.Mutex
	seen map[int64]bool
}

func (m *meterLog) note(v float64) float64 {
	m.mu.Lock()
	m.seen[int64(v)] = true
	m.mu.Unlock()
	return v
}

func (m *meterLog) Estimate() float64 { return m.note(m.Meter.Estimate()) }

func (m *meterLog) Snapshot() ([]abr.Transfer, float64) {
	ts, v := m.Meter.Snapshot()
	return ts, m.note(v)
}

func (m *meterLog) gave(v int64) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.seen[v]
}

// decisions wraps the engine, keeping what it was given and what it decided with.
type decisions struct {
	abr.Policy
	mu        sync.Mutex
	given, by []float64
}

func (d *decisions) Select(in abr.Input) abr.Decision {
	out := d.Policy.Select(in)
	d.mu.Lock()
	d.given = append(d.given, in.Throughput)
	d.by = append(d.by, out.Throughput)
	d.mu.Unlock()
	return out
}

// TestPanelShowsTheEngineFigure: there is one bandwidth meter. The figure the
// smoothie engine decided with is the meter's estimate, and the throughput the
// panel shows (Stats), the switch and fragment lines of stats-json and the summary
// are that meter's estimates too.
func TestPanelShowsTheEngineFigure(t *testing.T) {
	t.Parallel()
	url, _ := serve(t, origin.Config{Rate: origin.ConstantRate(1_500_000)})
	engine, _ := abr.New("smoothie")
	pol := &decisions{Policy: engine}
	meter := &meterLog{Meter: abr.NewMeter(nil), seen: map[int64]bool{}}
	var panel []int64
	var mu sync.Mutex
	r := play(t, player.Config{URL: url, Policy: pol, Meter: meter}, func(s *player.Session) {
		for range 40 {
			time.Sleep(100 * time.Millisecond)
			mu.Lock()
			panel = append(panel, s.Stats().Throughput)
			mu.Unlock()
		}
	})
	if r.err != nil {
		t.Fatal(r.err)
	}
	pol.mu.Lock()
	defer pol.mu.Unlock()
	t.Logf("decisions with %v, made by %v; final %d", pol.given, pol.by, r.stats.Throughput)
	if len(pol.by) < 2 {
		t.Fatalf("%d decisions", len(pol.by))
	}
	known := 0
	for i := range pol.by {
		if pol.by[i] != pol.given[i] {
			t.Errorf("decision %d was made with %.0f bit/s, the meter gave %.0f", i, pol.by[i], pol.given[i])
		}
		if pol.given[i] > 0 {
			known++
		}
	}
	if known == 0 {
		t.Error("no decision had a throughput figure")
	}
	mu.Lock()
	defer mu.Unlock()
	for _, v := range append(panel, r.stats.Throughput) {
		if !meter.gave(v) {
			t.Errorf("the panel showed %d bit/s, which the meter never estimated", v)
		}
	}
	if r.stats.Throughput <= 0 {
		t.Errorf("final estimate %d over a 1.5 Mbit/s link", r.stats.Throughput)
	}
	var lines int
	for _, l := range linesOf(r, "switch", "fragment", "summary") {
		v, _ := l["throughput"].(float64)
		if l["kind"] == "audio" && l["type"] == "switch" {
			continue
		}
		lines++
		if !meter.gave(int64(v)) {
			t.Errorf("stats-json %v: throughput %v is not a meter estimate", l["type"], v)
		}
	}
	if lines < 3 {
		t.Errorf("%d stats-json lines with a throughput", lines)
	}
}
