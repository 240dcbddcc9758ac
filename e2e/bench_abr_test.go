package e2e

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/abr/sim"
)

// The real player against the simulator (`make bench-abr`, docs/benchmarks.md):
// a presentation packed with Pensieve's ladder in 4 s fragments, served by
// `smoothie serve --trace` over the first 120 s of dev traces, played by the
// real `smoothie play --video none --decode none` with each policy, one run at a time, and
// scored with the simulator's QoE (sim.Measure); `smoothie sim --video FILE.ism`
// plays the same presentation's fragment sizes over the same trace windows.

// abrLadder is Pensieve's ladder, every level at 320x180, packed small. The
// real player runs with --decode none: decoding, even at 320x180, dropped frames
// on a loaded machine and the engine's CPU rule then capped the level, which the
// network-only simulator does not model (bench-play measures decoding). The packer's constant bitrate fills the
// fragments to each level's bitrate whatever the size; it takes about a minute.
const abrLadder = "320x180@300k,320x180@750k,320x180@1200k,320x180@1850k,320x180@2850k,320x180@4300k"

// abrBench is the set-up both sides share.
var abrBench = struct {
	ladder   abr.Ladder
	chunk    time.Duration
	duration time.Duration // the presentation, and the trace window
	latency  string        // serve --latency: the simulator's 80 ms RTT
	buffer   string        // play --buffer: the simulator's 60 s buffer cap
	policies []string
}{
	ladder:   abr.Bitrates(300_000, 750_000, 1_200_000, 1_850_000, 2_850_000, 4_300_000),
	chunk:    4 * time.Second,
	duration: 120 * time.Second,
	latency:  "80ms",
	buffer:   "60s",
	policies: []string{"smoothie", "mpc-pensieve", "bola", "throughput"},
}

// abrTraces is the fixed subset of ../shared/traces/dev the benchmark replays,
// in order: BENCH_ABR_TRACES=N takes the first N (default 3: one each of hsdpa,
// fcc and oboe, each near the middle of its family's mean over 120 s: 1.0, 1.1
// and 1.6 Mbit/s). Then a second of each (1.6, 0.7, 2.2 Mbit/s) and wifi.
var abrTraces = []string{
	"hsdpa/tram.ljabru-jernbanetorget-report.2010-12-21_1225CET.log",
	"fcc/trace_7289_http---www.yahoo.com",
	"oboe/oboe_trace_329.txt",
	"hsdpa/car.snaroya-smestad-report.2011-02-14_2032CET.log",
	"fcc/trace_941752_http---www.facebook.com",
	"oboe/oboe_trace_119.txt",
	"wifi/wifi_cafe_231115-151422.txt",
}

// abrResult is one policy over the traces, real or simulated.
type abrResult struct {
	per []sim.Metrics // by trace
}

func (r abrResult) mean(f func(sim.Metrics) float64) float64 {
	var s float64
	for _, m := range r.per {
		s += f(m)
	}
	return s / float64(max(1, len(r.per)))
}

// BenchmarkABR runs the comparison once (-benchtime 1x). BENCH_ABR_TRACES sets
// how many traces, BENCH_ABR_DIR keeps the packed presentation between runs
// (packed there when absent), BENCH_ABR_POLICIES narrows the policies, and
// BENCH_ABR_OUT=DIR keeps each run's stats-json there, and
// BENCH_ABR_DASHJS=0 leaves out dash.js (run on each trace after our policies;
// a failed dash.js run leaves it out of the summary).
func BenchmarkABR(b *testing.B) {
	pres := packABRPresentation(b)
	traces := abrTraceWindows(b)
	policies := abrBench.policies
	if p := os.Getenv("BENCH_ABR_POLICIES"); p != "" {
		policies = strings.Split(p, ",")
	}
	var simRes map[string]*abrResult
	b.Run("sim", func(b *testing.B) { simRes = simulateABR(b, pres, traces, policies) })
	if simRes == nil {
		b.FailNow()
	}
	real := map[string]*abrResult{}
	for _, p := range policies {
		real[p] = &abrResult{}
	}
	dash := os.Getenv("BENCH_ABR_DASHJS") != "0"
	var dashjs *abrResult
	if dash {
		dashjs = &abrResult{}
	}
	for ti, tr := range traces {
		for _, p := range policies {
			real[p].per = append(real[p].per, playABR(b, pres, tr, p, simRes[p].per[ti]))
		}
		if dash {
			m, ok := playDashjsABR(b, pres, tr)
			if !ok {
				dashjs, dash = nil, false // reported as not run
				continue
			}
			dashjs.per = append(dashjs.per, m)
		}
	}
	b.Run("summary", func(b *testing.B) { reportABR(b, len(traces), policies, real, simRes, dashjs) })
}

// packABRPresentation packs 120 s of the synthetic source with Pensieve's
// ladder in 4 s fragments (32 kbit/s audio: the simulator has no audio) and
// returns its .ism.
func packABRPresentation(b *testing.B) string {
	b.Helper()
	dir := os.Getenv("BENCH_ABR_DIR")
	if dir == "" {
		dir = filepath.Join(b.TempDir(), "abr")
	}
	ism := filepath.Join(dir, "abr.ism")
	if _, err := os.Stat(ism); err == nil {
		return ism
	}
	start := time.Now()
	args := []string{"pack", "--synthetic", abrBench.duration.String(), "--fragment", abrBench.chunk.String(), "--name", "abr",
		"--preset", "ultrafast", "--audio-bitrate", "32k", "--ladder", abrLadder, "--force", dir}
	if out, err := exec.Command(smoothie, args...).CombinedOutput(); err != nil {
		b.Fatalf("smoothie %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	b.Logf("packed %s in %.0f s", dir, time.Since(start).Seconds())
	return ism
}

// abrTraceWindows writes the first 120 s of each chosen trace (up to the first
// sample at or past 120 s) into a directory of its own, so that the origin and
// the simulator replay the same window and wrap at its end alike.
func abrTraceWindows(b *testing.B) []string {
	b.Helper()
	n := 3
	if v := os.Getenv("BENCH_ABR_TRACES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 || n > len(abrTraces) {
			b.Fatalf("BENCH_ABR_TRACES=%q: want 1..%d", v, len(abrTraces))
		}
	}
	dir := filepath.Join(b.TempDir(), "traces")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	var out []string
	for _, name := range abrTraces[:n] {
		f, err := os.Open(filepath.Join("..", "..", "shared", "traces", "dev", name))
		if err != nil {
			b.Fatalf("the dev traces (../shared/traces/dev): %v", err)
		}
		var w strings.Builder
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fs := strings.Fields(sc.Text())
			if len(fs) < 2 {
				continue
			}
			w.WriteString(sc.Text() + "\n")
			if t, err := strconv.ParseFloat(fs[0], 64); err == nil && t >= abrBench.duration.Seconds() {
				break
			}
		}
		f.Close()
		p := filepath.Join(dir, strings.ReplaceAll(name, "/", "-"))
		if err := os.WriteFile(p, []byte(w.String()), 0o644); err != nil {
			b.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// simulateABR runs `smoothie sim --video PRES --traces DIR --csv` and returns
// each policy's sessions in the order of traces.
func simulateABR(b *testing.B, pres string, traces []string, policies []string) map[string]*abrResult {
	b.Helper()
	csvPath := filepath.Join(b.TempDir(), "sim.csv")
	// --payload 1: `serve --trace` gives the whole trace rate to what it sends
	// (Pensieve's 0.95 stands for the packet overheads of a real network).
	args := []string{"sim", "--video", pres, "--payload", "1", "--traces", filepath.Dir(traces[0]), "--policies", strings.Join(policies, ","), "--csv", csvPath}
	out, err := exec.Command(smoothie, args...).CombinedOutput()
	if err != nil {
		b.Fatalf("smoothie %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	b.Logf("smoothie sim --video %s:\n%s", filepath.Base(pres), out)
	f, err := os.Open(csvPath)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	num := func(r []string, h string) float64 { v, _ := strconv.ParseFloat(r[col[h]], 64); return v }
	byKey := map[string]sim.Metrics{}
	for _, r := range rows[1:] {
		byKey[r[col["policy"]]+" "+r[col["trace"]]] = sim.Metrics{QoELin: num(r, "qoe_lin"), RebufferS: num(r, "rebuffer_s"),
			RebufferRatio: num(r, "rebuffer_ratio"), AvgKbps: num(r, "avg_kbps"), SwitchesPerMin: num(r, "switches_per_min"), StartupS: num(r, "startup_s")}
	}
	res := map[string]*abrResult{}
	for _, p := range policies {
		res[p] = &abrResult{}
		for _, tr := range traces {
			m, ok := byKey[p+" "+filepath.Base(tr)]
			if !ok {
				b.Fatalf("sim --csv has no row for %s on %s", p, filepath.Base(tr))
			}
			res[p].per = append(res[p].per, m)
		}
	}
	return res
}

// playABR serves pres behind the trace (and the simulator's RTT) on a fresh
// origin, plays it to the end with policy p (a 60 s buffer as the simulator's,
// the CPU budget at its widest) and scores the session.
func playABR(b *testing.B, pres, trace, p string, simulated sim.Metrics) sim.Metrics {
	b.Helper()
	var m sim.Metrics
	b.Run(strings.TrimSuffix(filepath.Base(trace), filepath.Ext(trace))+"/"+p, func(b *testing.B) {
		o := startServe(b, "--access-log", "", "--trace", trace, "--latency", abrBench.latency, filepath.Dir(pres))
		stats := filepath.Join(b.TempDir(), "stats.jsonl")
		limit := 3 * abrBench.duration
		ctx, cancel := context.WithTimeout(context.Background(), limit)
		defer cancel()
		cmd := exec.CommandContext(ctx, smoothie, "play", "--headless", "--video", "none", "--decode", "none", "--abr", p, "--buffer", abrBench.buffer, "--cpu-budget", "100%",
			"--stats-json", stats, o.URL+"/"+filepath.Base(pres)+"/Manifest")
		out, err := cmd.CombinedOutput()
		if ctx.Err() != nil {
			b.Logf("smoothie play --abr %s: cut after %v", p, limit)
		} else if err != nil {
			b.Fatalf("smoothie play --abr %s: %v\n%s", p, err, tail(string(out), 20))
		}
		if keep := os.Getenv("BENCH_ABR_OUT"); keep != "" {
			if raw, err := os.ReadFile(stats); err == nil {
				os.MkdirAll(keep, 0o755)
				os.WriteFile(filepath.Join(keep, filepath.Base(trace)+"."+p+".jsonl"), raw, 0o644)
			}
		}
		f, err := os.Open(stats)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		s, sum, err := playedSessionSummary(f, abrBench.ladder, abrBench.chunk.Seconds())
		if err != nil {
			b.Fatalf("%s: %v", stats, err)
		}
		if want := int(abrBench.duration / abrBench.chunk); len(s.Chunks) != want {
			b.Fatalf("%d video fragments played, want %d", len(s.Chunks), want)
		}
		m = sim.Measure(abrBench.ladder, abrBench.chunk.Seconds(), s)
		capped := 0
		if raw, err := os.ReadFile(stats); err == nil {
			capped = strings.Count(string(raw), "capped: decode") + strings.Count(string(raw), "capped: dropped")
		}
		b.Logf("real: QoE_lin %.3f, rebuffer %.2f %% (%.1f s), %.0f kbit/s, %.2f switches/min, startup %.2f s, %d abandoned, %d CPU-capped switches; levels %s",
			m.QoELin, 100*m.RebufferRatio, m.RebufferS, m.AvgKbps, m.SwitchesPerMin, m.StartupS, sum.Abandoned, capped, levelString(s))
		b.Logf("sim:  QoE_lin %.3f, rebuffer %.2f %% (%.1f s), %.0f kbit/s, %.2f switches/min, startup %.2f s",
			simulated.QoELin, 100*simulated.RebufferRatio, simulated.RebufferS, simulated.AvgKbps, simulated.SwitchesPerMin, simulated.StartupS)
		b.ReportMetric(m.QoELin, "qoe_lin")
		b.ReportMetric(simulated.QoELin, "sim_qoe_lin")
		b.ReportMetric(100*m.RebufferRatio, "rebuffer_%")
	})
	return m
}

// reportABR prints the table of docs/benchmarks.md and reports each figure as
// a metric: per policy real and simulated QoE_lin, their ratio, rebuffer
// ratio and switches per minute; and whether the rankings agree.
func reportABR(b *testing.B, n int, policies []string, real, simRes map[string]*abrResult, dashjs *abrResult) {
	b.Helper()
	qoe := func(m sim.Metrics) float64 { return m.QoELin }
	rank := func(res map[string]*abrResult) []string {
		r := slices.Clone(policies)
		slices.SortStableFunc(r, func(x, y string) int {
			a, c := res[x].mean(qoe), res[y].mean(qoe)
			switch {
			case a > c:
				return -1
			case a < c:
				return 1
			}
			return 0
		})
		return r
	}
	var t strings.Builder
	fmt.Fprintf(&t, "%d traces, first %v each, mean over traces of QoE_lin per chunk (chunks 1..%d)\n", n, abrBench.duration, int(abrBench.duration/abrBench.chunk)-1)
	fmt.Fprintln(&t, "| policy | real QoE_lin | sim QoE_lin | real / sim | rebuffer % (real / sim) | switches/min (real / sim) | kbit/s (real / sim) | startup s (real / sim) |")
	fmt.Fprintln(&t, "| --- | --- | --- | --- | --- | --- | --- | --- |")
	for _, p := range policies {
		r, s := real[p], simRes[p]
		ratio := r.mean(qoe) / s.mean(qoe)
		rb := func(m sim.Metrics) float64 { return 100 * m.RebufferRatio }
		sw := func(m sim.Metrics) float64 { return m.SwitchesPerMin }
		kb := func(m sim.Metrics) float64 { return m.AvgKbps }
		st := func(m sim.Metrics) float64 { return m.StartupS }
		fmt.Fprintf(&t, "| %s | %.3f | %.3f | %.2f | %.2f / %.2f | %.2f / %.2f | %.0f / %.0f | %.2f / %.2f |\n", p, r.mean(qoe), s.mean(qoe), ratio,
			r.mean(rb), s.mean(rb), r.mean(sw), s.mean(sw), r.mean(kb), s.mean(kb), r.mean(st), s.mean(st))
		b.ReportMetric(r.mean(qoe), p+"_real")
		b.ReportMetric(s.mean(qoe), p+"_sim")
		b.ReportMetric(ratio, p+"_real/sim")
	}
	rr, rs := rank(real), rank(simRes)
	same := 0.0
	if slices.Equal(rr, rs) {
		same = 1
	}
	fmt.Fprintf(&t, "ranking: real %s; sim %s\n", strings.Join(rr, " > "), strings.Join(rs, " > "))
	b.ReportMetric(same, "same_ranking")
	if dashjs != nil && len(dashjs.per) == n {
		d := dashjs.mean(qoe)
		rb := func(m sim.Metrics) float64 { return 100 * m.RebufferRatio }
		sw := func(m sim.Metrics) float64 { return m.SwitchesPerMin }
		kb := func(m sim.Metrics) float64 { return m.AvgKbps }
		fmt.Fprintf(&t, "dash.js 4.7.4 (default ABR, 60 s buffer): QoE_lin %.3f, rebuffer %.2f %%, %.2f switches/min, %.0f kbit/s\n",
			d, dashjs.mean(rb), dashjs.mean(sw), dashjs.mean(kb))
		b.ReportMetric(d, "dashjs_real")
		if ours := real["smoothie"]; ours != nil {
			fmt.Fprintf(&t, "smoothie / dash.js: %.2f\n", ours.mean(qoe)/d)
			b.ReportMetric(ours.mean(qoe)/d, "smoothie/dashjs")
		}
	}
	b.Logf("\n%s", t.String())
}
