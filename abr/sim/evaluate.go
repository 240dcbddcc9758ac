package sim

import (
	"fmt"
	"runtime"
	"sort"
	"sync"

	"github.com/smoothie-player/smoothie/abr"
)

// Special policy names the simulator knows besides abr.Names.
const (
	Optimum   = "optimum"
	OracleMPC = "oracle-mpc"
)

// PolicyNames lists every name Evaluate accepts.
func PolicyNames() []string { return append(abr.Names(), OracleMPC, Optimum) }

// Summary is one policy over a set of traces.
type Summary struct {
	Name           string
	Traces         int
	QoELin         float64 // mean over traces of the per-chunk mean
	QoELinMedian   float64
	QoELog, QoEHD  float64
	Normalized     float64 // Σ QoE_lin / Σ QoE_lin of the optimum
	RebufferRatio  float64 // Σ stall / (Σ stall + Σ playback)
	RebufferS      float64 // mean stall seconds per session
	AvgKbps        float64
	SwitchesPerMin float64
	StartupS       float64
	DropRatio      float64
	EnergyJPerMin  float64
}

// Evaluator runs policies over traces. It caches the offline optimum per
// trace (the slow part); it is safe for use by one goroutine at a time.
type Evaluator struct {
	Config Config
	// SkipOptimum leaves the offline optimum out (Normalized is then 0);
	// it is the slow part.
	SkipOptimum bool
	optima      map[*Trace][]int
}

// NewEvaluator makes an evaluator for a set-up.
func NewEvaluator(cfg Config) *Evaluator {
	return &Evaluator{Config: cfg, optima: map[*Trace][]int{}}
}

// Session plays one trace with one named policy.
func (e *Evaluator) Session(tr *Trace, name string) (Session, error) {
	cfg := e.Config
	switch name {
	case OracleMPC:
		return run(cfg, tr, name, oracle{horizon: 4}), nil
	case Optimum:
		plan, ok := e.optima[tr]
		if !ok {
			plan = optimum{bin: 0.1}.plan(cfg, tr)
			e.optima[tr] = plan
		}
		return run(cfg, tr, name, fixedPlan(plan)), nil
	}
	p, err := abr.New(name)
	if err != nil {
		return Session{}, err
	}
	return Run(cfg, tr, p), nil
}

// Evaluate plays every trace with every policy, traces in parallel, and
// returns per-policy summaries (in the order asked) and the per-session
// metrics [policy][trace]. The result does not depend on scheduling.
func (e *Evaluator) Evaluate(traces []*Trace, policies []string) ([]Summary, [][]Metrics, error) {
	for _, p := range policies {
		if p != Optimum && p != OracleMPC {
			if _, err := abr.New(p); err != nil {
				return nil, nil, err
			}
		}
	}
	// Optima first (cached), in parallel.
	skip := e.SkipOptimum
	for _, p := range policies {
		skip = skip && p != Optimum
	}
	if !skip {
		e.fillOptima(traces)
	}
	names := append([]string{Optimum}, policies...)
	per := make([][]Metrics, len(names))
	for i := range per {
		per[i] = make([]Metrics, len(traces))
	}
	var wg sync.WaitGroup
	jobs := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ti := range jobs {
				for pi, name := range names {
					if pi == 0 && skip {
						continue
					}
					s, _ := e.Session(traces[ti], name) // names were checked above; the optimum is cached
					per[pi][ti] = Measure(e.Config.Video.Ladder, e.Config.Video.Chunk.Seconds(), s)
				}
			}
		}()
	}
	for ti := range traces {
		jobs <- ti
	}
	close(jobs)
	wg.Wait()
	var optSum float64
	for _, m := range per[0] {
		optSum += m.QoELin
	}
	out := make([]Summary, len(policies))
	for i, name := range policies {
		out[i] = summarize(name, per[i+1], optSum)
	}
	return out, per[1:], nil
}

func (e *Evaluator) fillOptima(traces []*Trace) {
	todo := make([]*Trace, 0, len(traces))
	for _, t := range traces {
		if _, ok := e.optima[t]; !ok {
			todo = append(todo, t)
		}
	}
	plans := make([][]int, len(todo))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, t := range todo {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			cfg := e.Config
			plans[i] = optimum{bin: 0.1}.plan(cfg, t)
			<-sem
		}()
	}
	wg.Wait()
	for i, t := range todo {
		e.optima[t] = plans[i]
	}
}

func summarize(name string, ms []Metrics, optSum float64) Summary {
	s := Summary{Name: name, Traces: len(ms)}
	if len(ms) == 0 {
		return s
	}
	var sum, stall, play float64
	lin := make([]float64, len(ms))
	for i, m := range ms {
		lin[i] = m.QoELin
		sum += m.QoELin
		s.QoELog += m.QoELog
		s.QoEHD += m.QoEHD
		s.RebufferS += m.RebufferS
		s.AvgKbps += m.AvgKbps
		s.SwitchesPerMin += m.SwitchesPerMin
		s.StartupS += m.StartupS
		s.DropRatio += m.DropRatio
		s.EnergyJPerMin += m.EnergyJPerMin
		stall += m.RebufferS
		play += m.PlayS
	}
	n := float64(len(ms))
	s.QoELin = sum / n
	s.QoELog /= n
	s.QoEHD /= n
	s.RebufferS /= n
	s.AvgKbps /= n
	s.SwitchesPerMin /= n
	s.StartupS /= n
	s.DropRatio /= n
	s.EnergyJPerMin /= n
	if play > 0 || stall > 0 {
		s.RebufferRatio = stall / (stall + play)
	}
	if optSum != 0 {
		s.Normalized = sum / optSum
	}
	sort.Float64s(lin)
	if len(lin)%2 == 1 {
		s.QoELinMedian = lin[len(lin)/2]
	} else {
		s.QoELinMedian = (lin[len(lin)/2-1] + lin[len(lin)/2]) / 2
	}
	return s
}

// String is a one-line summary for logs and test failures.
func (s Summary) String() string {
	return fmt.Sprintf("%-12s qoe_lin %.3f (median %.3f) norm %.3f rebuf %.4f (%.2f s) %4.0f kbps %.2f sw/min",
		s.Name, s.QoELin, s.QoELinMedian, s.Normalized, s.RebufferRatio, s.RebufferS, s.AvgKbps, s.SwitchesPerMin)
}

// EvaluateFunc plays every trace with policies made by mk (one per session)
// and summarises them under name, normalised to the cached optimum.
func (e *Evaluator) EvaluateFunc(traces []*Trace, name string, mk func() abr.Policy) Summary {
	e.fillOptima(traces)
	var optSum float64
	ms := make([]Metrics, len(traces))
	for i, tr := range traces {
		cfg := e.Config
		o := run(cfg, tr, Optimum, fixedPlan(e.optima[tr]))
		optSum += Measure(cfg.Video.Ladder, cfg.Video.Chunk.Seconds(), o).QoELin
		ms[i] = Measure(cfg.Video.Ladder, cfg.Video.Chunk.Seconds(), Run(cfg, tr, mk()))
	}
	return summarize(name, ms, optSum)
}
