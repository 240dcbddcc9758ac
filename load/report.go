package load

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/smoothie-player/smoothie/player"
)

// ViewerReport is one viewer's session: play's summary line, and what the load
// run adds (its link, its requests and errors by kind, the rates).
type ViewerReport struct {
	Viewer int    `json:"viewer"`
	Link   string `json:"link,omitempty"`
	player.Summary
	// StallRatio is stall time over stall time and playback; SwitchesPerMin over
	// the viewer's time in the run.
	StallRatio     float64        `json:"stall_ratio"`
	SwitchesPerMin float64        `json:"switches_per_min"`
	Requests       int64          `json:"requests"`
	ErrorsByKind   map[string]int `json:"errors_by_kind,omitempty"`
	Failed         string         `json:"failed,omitempty"`
}

// Spread is a figure's distribution across viewers.
type Spread struct {
	P50 float64 `json:"p50"`
	P90 float64 `json:"p90"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
}

// Aggregate is the run across viewers.
type Aggregate struct {
	Viewers int `json:"viewers"`
	// NeverStarted counts viewers that showed no frame; Failed those whose
	// session ended in an error.
	NeverStarted int `json:"never_started"`
	Failed       int `json:"failed"`
	// Startup is over the viewers that started.
	StartupMS      Spread         `json:"startup_ms"`
	StallRatio     Spread         `json:"stall_ratio"`
	AvgKbps        Spread         `json:"avg_kbps"`
	SwitchesPerMin Spread         `json:"switches_per_min"`
	Errors         Spread         `json:"errors"`
	Stalls         int            `json:"stalls"`
	StallS         float64        `json:"stall_s"`
	Requests       int64          `json:"requests"`
	Bytes          int64          `json:"bytes"`
	ErrorsByKind   map[string]int `json:"errors_by_kind"`
	DurationS      float64        `json:"duration_s"`
}

// Report is a finished run: every viewer, the aggregate and the load generator's
// own figures.
type Report struct {
	Viewers   []ViewerReport `json:"viewers"`
	Aggregate Aggregate      `json:"aggregate"`
	Self      Self           `json:"self"`
}

func (r *run) report(took time.Duration) *Report {
	rep := &Report{Self: judgeSelf(r.self.all(), cores())}
	end := r.start.Add(took)
	for _, v := range r.snapshot() {
		rep.Viewers = append(rep.Viewers, v.report(end))
	}
	rep.Aggregate = aggregate(rep.Viewers, r.all.errorsByKind(), r.all.requests.Load(), r.all.bytes.Load(), took)
	return rep
}

// report is the viewer's session as it stands, its time in the run ending at end.
func (v *viewer) report(end time.Time) ViewerReport {
	vr := ViewerReport{Viewer: v.id, Link: v.link, Requests: v.c.requests.Load(), Failed: v.failed()}
	if errs := v.c.errorsByKind(); len(errs) > 0 {
		vr.ErrorsByKind = errs
	}
	if v.s != nil {
		st := v.s.Stats()
		vr.Summary = player.NewSummary(st)
		vr.StallRatio = ratio(st.StallTime, st.StallTime+st.Played)
		if m := end.Sub(v.started).Minutes(); m > 0 {
			vr.SwitchesPerMin = float64(st.Switches) / m
		}
	}
	return vr
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return a.Seconds() / b.Seconds()
}

// aggregate sums up the viewers.
func aggregate(vs []ViewerReport, errs map[string]int, requests, bytes int64, took time.Duration) Aggregate {
	a := Aggregate{Viewers: len(vs), ErrorsByKind: errs, Requests: requests, Bytes: bytes, DurationS: took.Seconds()}
	var startup, stall, kbps, sw, nerr []float64
	for _, v := range vs {
		if v.Failed != "" {
			a.Failed++
		}
		if v.TTFF == 0 {
			a.NeverStarted++
		} else {
			startup = append(startup, v.TTFF)
		}
		stall = append(stall, v.StallRatio)
		kbps = append(kbps, float64(v.AvgBitrate)/1000)
		sw = append(sw, v.SwitchesPerMin)
		n := 0
		for _, c := range v.ErrorsByKind {
			n += c
		}
		nerr = append(nerr, float64(n))
		a.Stalls += v.Stalls
		a.StallS += v.StallS
	}
	a.StartupMS, a.StallRatio, a.AvgKbps, a.SwitchesPerMin, a.Errors = spread(startup), spread(stall), spread(kbps), spread(sw), spread(nerr)
	return a
}

// spread takes the quantiles of xs (nearest rank).
func spread(xs []float64) Spread {
	if len(xs) == 0 {
		return Spread{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	q := func(p float64) float64 { return s[min(len(s)-1, int(math.Ceil(p*float64(len(s))))-1)] }
	return Spread{P50: q(0.5), P90: q(0.9), P99: q(0.99), Max: s[len(s)-1]}
}

// Table is the report `smoothie load` prints at the end.
func (rep *Report) Table() string {
	a := rep.Aggregate
	var b strings.Builder
	fmt.Fprintf(&b, "%d viewers for %.0f s: %d never started, %d failed; %d requests, %.1f MB; stalls %d (%.1f s)\n",
		a.Viewers, a.DurationS, a.NeverStarted, a.Failed, a.Requests, float64(a.Bytes)/1e6, a.Stalls, a.StallS)
	fmt.Fprintf(&b, "%-18s %10s %10s %10s %10s\n", "", "p50", "p90", "p99", "max")
	for _, row := range []struct {
		name string
		s    Spread
		f    string
	}{
		{"startup (ms)", a.StartupMS, "%10.0f"},
		{"stall ratio (%)", Spread{a.StallRatio.P50 * 100, a.StallRatio.P90 * 100, a.StallRatio.P99 * 100, a.StallRatio.Max * 100}, "%10.2f"},
		{"bitrate (kbit/s)", a.AvgKbps, "%10.0f"},
		{"switches/min", a.SwitchesPerMin, "%10.2f"},
		{"errors", a.Errors, "%10.0f"},
	} {
		fmt.Fprintf(&b, "%-18s "+row.f+" "+row.f+" "+row.f+" "+row.f+"\n", row.name, row.s.P50, row.s.P90, row.s.P99, row.s.Max)
	}
	fmt.Fprintf(&b, "errors by kind: %s\n", formatErrors(a.ErrorsByKind))
	s := rep.Self
	fmt.Fprintf(&b, "load generator: CPU mean %s, peak %s of %d cores; scheduling late by up to %.0f ms\n", pct(s.MeanCPU), pct(s.PeakCPU), s.Cores, s.MaxLateMS)
	if s.Bottleneck != "" {
		b.WriteString(s.Bottleneck + "\n")
	}
	return b.String()
}

func pct(x float64) string {
	if x < 0 {
		return "unknown"
	}
	return fmt.Sprintf("%.0f%%", x*100)
}
