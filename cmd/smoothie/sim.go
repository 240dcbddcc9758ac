package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/abr/sensor"
	"github.com/smoothie-player/smoothie/abr/sim"
)

const simSynopsis = `sim [flags] --traces DIR

Plays the Pensieve set-up (48 chunks of 4 s, 80 ms RTT, 60 s buffer cap) over
every throughput trace under DIR ("<seconds> <Mbit/s>" per line) with each ABR
policy and prints mean QoE_lin per chunk (chunks 1..47), normalised QoE
(Σ QoE / Σ QoE of the offline optimum), rebuffer ratio, bitrate, switches per
minute and startup delay.

Policies: `

// simJSON is the --json document (docs/formats.md, "smoothie sim --json").
type simJSON struct {
	Traces   int             `json:"traces"`
	Policies []simPolicyJSON `json:"policies"`
}

type simPolicyJSON struct {
	Name           string  `json:"name"`
	QoELin         float64 `json:"qoe_lin"`
	Normalized     float64 `json:"normalized"`
	RebufferRatio  float64 `json:"rebuffer_ratio"`
	AvgKbps        float64 `json:"avg_kbps"`
	SwitchesPerMin float64 `json:"switches_per_min"`
	StartupS       float64 `json:"startup_s"`
}

// runSim is the `smoothie sim` subcommand.
func runSim(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("sim", simSynopsis+strings.Join(sim.PolicyNames(), ", "), stderr)
	asJSON := fs.Bool("json", false, "print one JSON object instead of the table")
	csvPath := fs.String("csv", "", "write one CSV row per session (trace × policy) to `FILE`")
	policies := fs.String("policies", strings.Join(sim.PolicyNames(), ","), "comma-separated `list` of policies")
	device := fs.String("device", "", "device model: "+strings.Join(sim.Devices(), "|")+" (default: network only, no decode cost)")
	battery := fs.String("battery", "", "power state at the start, e.g. discharging:15%, charging:80%, saver (needs --device)")
	traces := fs.String("traces", "", "`DIR` of trace files (searched recursively)")
	cpuBudget := fs.String("cpu-budget", "", "share of a frame interval decoding may use, e.g. 60% (needs --device)")
	video := fs.String("video", "pensieve", "chunk-size table: pensieve (300–4300 kbit/s), high (1–40 Mbit/s, 360p–2160p), or a packed presentation's `FILE.ism` (its fragments' real sizes)")
	chartPath := fs.String("chart", "", "write a PNG bar chart of QoE_lin per policy to `FILE`")
	minMbps := fs.Float64("min-mbps", 0, "skip traces whose mean throughput is below this (Mbit/s)")
	payload := fs.Float64("payload", sim.DefaultConfig().Payload, "share of the trace's rate the media gets (Pensieve's 0.95; 1 for `serve --trace`, which shapes what it sends)")
	pos, code := parseArgs(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "smoothie sim: unexpected argument %q (traces go in --traces DIR)\n", pos[0])
		return exitUsage
	}
	if m := *minMbps; math.IsNaN(m) || math.IsInf(m, 0) || m < 0 {
		fmt.Fprintf(stderr, "smoothie sim: --min-mbps %v: want a finite number of Mbit/s, 0 or more\n", m)
		return exitUsage
	}
	if p := *payload; !(p > 0 && p <= 1) {
		fmt.Fprintf(stderr, "smoothie sim: --payload %v: want a share of the link above 0 and at most 1\n", p)
		return exitUsage
	}
	if *traces == "" {
		fmt.Fprintln(stderr, "smoothie sim: --traces DIR is required (see smoothie sim --help)")
		return exitUsage
	}
	names, err := parsePolicies(*policies)
	if err != nil {
		fmt.Fprintf(stderr, "smoothie sim: --policies: %v\n", err)
		return exitUsage
	}
	cfg := sim.DefaultConfig()
	cfg.Payload = *payload
	if isPresentation(*video) {
		if cfg.Video, err = loadPresentationVideo(*video); err != nil {
			fmt.Fprintf(stderr, "smoothie sim: --video: %v\n", err)
			return exitFailure
		}
		// A presentation plays once, as `smoothie play` does: every fragment,
		// the first at the lowest level, a download that cannot arrive in time
		// abandoned and fetched again lower.
		cfg.Chunks, cfg.FirstLevel, cfg.Abandon = len(cfg.Video.Sizes), 0, true
	} else if cfg.Video, err = sim.VideoByName(*video); err != nil {
		fmt.Fprintf(stderr, "smoothie sim: --video: %v\n", err)
		return exitUsage
	}
	if *device != "" {
		if cfg.Device, err = sim.DeviceByName(*device); err != nil {
			fmt.Fprintf(stderr, "smoothie sim: --device: %v\n", err)
			return exitUsage
		}
	}
	if *battery != "" {
		if cfg.Power, err = abr.ParsePower(*battery); err != nil {
			fmt.Fprintf(stderr, "smoothie sim: --battery: %v\n", err)
			return exitUsage
		}
		if cfg.Device == nil {
			fmt.Fprintln(stderr, "smoothie sim: --battery needs --device (the network-only track has no battery)")
			return exitUsage
		}
	}
	if *cpuBudget != "" {
		if cfg.DecodeBudget, err = sensor.ParseCPUBudget(*cpuBudget); err != nil {
			fmt.Fprintf(stderr, "smoothie sim: --cpu-budget: %v\n", err)
			return exitUsage
		}
	}
	trs, err := sim.LoadTraces(*traces)
	if err != nil {
		fmt.Fprintf(stderr, "smoothie sim: %v\n", err)
		return exitFailure
	}
	if *minMbps > 0 {
		kept := trs[:0]
		for _, t := range trs {
			if t.Mean() >= *minMbps {
				kept = append(kept, t)
			}
		}
		if len(kept) == 0 {
			fmt.Fprintf(stderr, "smoothie sim: %s: no trace has a mean of at least %g Mbit/s\n", *traces, *minMbps)
			return exitFailure
		}
		trs = kept
	}
	sums, per, err := sim.NewEvaluator(cfg).Evaluate(trs, names)
	if err != nil {
		fmt.Fprintf(stderr, "smoothie sim: %v\n", err)
		return exitUsage
	}
	if *csvPath != "" {
		if err := writeSimCSV(*csvPath, trs, sums, per); err != nil {
			fmt.Fprintf(stderr, "smoothie sim: --csv: %v\n", err)
			return exitFailure
		}
	}
	if *chartPath != "" {
		if err := writeSimChart(*chartPath, fmt.Sprintf("%s: %d traces, mean QoE_lin per chunk (chunks 1..%d)", filepath.Base(*traces), len(trs), cfg.Chunks-1), sums); err != nil {
			fmt.Fprintf(stderr, "smoothie sim: --chart: %v\n", err)
			return exitFailure
		}
	}
	if *asJSON {
		doc := simJSON{Traces: len(trs), Policies: make([]simPolicyJSON, len(sums))}
		for i, s := range sums {
			doc.Policies[i] = simPolicyJSON{Name: s.Name, QoELin: s.QoELin, Normalized: s.Normalized,
				RebufferRatio: s.RebufferRatio, AvgKbps: s.AvgKbps, SwitchesPerMin: s.SwitchesPerMin, StartupS: s.StartupS}
		}
		enc := json.NewEncoder(stdout)
		if err := enc.Encode(doc); err != nil {
			fmt.Fprintf(stderr, "smoothie sim: %v\n", err)
			return exitFailure
		}
		return exitOK
	}
	printSimTable(stdout, *traces, len(trs), cfg, sums)
	return exitOK
}

// parsePolicies splits and checks a --policies list.
func parsePolicies(list string) ([]string, error) {
	known := map[string]bool{}
	for _, n := range sim.PolicyNames() {
		known[n] = true
	}
	var out []string
	for _, n := range strings.Split(list, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if !known[n] {
			return nil, fmt.Errorf("unknown policy %q (known: %s)", n, strings.Join(sim.PolicyNames(), ", "))
		}
		if slices.Contains(out, n) {
			return nil, fmt.Errorf("policy %q is named twice", n)
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no policy named")
	}
	return out, nil
}

func printSimTable(w io.Writer, dir string, n int, cfg sim.Config, sums []sim.Summary) {
	fmt.Fprintf(w, "%d traces from %s; QoE_lin per chunk over chunks 1..%d", n, dir, cfg.Chunks-1)
	if cfg.Device != nil {
		fmt.Fprintf(w, "; device %s (dropped frames count in QoE)", cfg.Device.Name)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "policy\tqoe_lin\tmedian\tnorm\tqoe_log\tqoe_hd\trebuf %\tstall s\tkbps\tsw/min\tstartup s\t"
	if cfg.Device != nil {
		head += "dropped %\tJ/min\t"
	}
	fmt.Fprintln(tw, head)
	for _, s := range sums {
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.2f\t%.2f\t%.2f\t%.0f\t%.2f\t%.2f\t", s.Name, s.QoELin, s.QoELinMedian,
			s.Normalized, s.QoELog, s.QoEHD, 100*s.RebufferRatio, s.RebufferS, s.AvgKbps, s.SwitchesPerMin, s.StartupS)
		if cfg.Device != nil {
			fmt.Fprintf(tw, "%.2f\t%.0f\t", 100*s.DropRatio, s.EnergyJPerMin)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

func writeSimCSV(path string, trs []*sim.Trace, sums []sim.Summary, per [][]sim.Metrics) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(f)
	cw.Write([]string{"trace", "policy", "qoe_lin", "qoe_log", "qoe_hd", "rebuffer_s", "rebuffer_ratio", "avg_kbps",
		"switches_per_min", "startup_s", "dropped_ratio", "energy_j_per_min"})
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }
	for pi, s := range sums {
		for ti, m := range per[pi] {
			cw.Write([]string{trs[ti].Name, s.Name, g(m.QoELin), g(m.QoELog), g(m.QoEHD), g(m.RebufferS), g(m.RebufferRatio),
				g(m.AvgKbps), g(m.SwitchesPerMin), g(m.StartupS), g(m.DropRatio), g(m.EnergyJPerMin)})
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeSimChart draws one horizontal bar per policy (QoE_lin, with the
// normalised value and rebuffer ratio as text) into a PNG.
func writeSimChart(path, title string, sums []sim.Summary) error {
	const (
		rowH, left, right, top = 22, 110, 250, 34
		width                  = 760
	)
	h := top + rowH*len(sums) + 16
	img := image.NewRGBA(image.Rect(0, 0, width, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	lo, hi := 0.0, 0.0
	for _, s := range sums {
		lo, hi = min(lo, s.QoELin), max(hi, s.QoELin)
	}
	if hi == lo {
		hi = lo + 1
	}
	plotW := float64(width - left - right)
	x := func(v float64) int { return left + int((v-lo)/(hi-lo)*plotW) }
	text := func(px, py int, s string, c color.Color) {
		d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: basicfont.Face7x13, Dot: fixed.P(px, py)}
		d.DrawString(s)
	}
	grey := color.RGBA{0x55, 0x55, 0x55, 0xff}
	text(8, 18, title, color.Black)
	for i, s := range sums {
		y := top + i*rowH
		bar := color.RGBA{0x7a, 0x9c, 0xc6, 0xff}
		if s.Name == "smoothie" {
			bar = color.RGBA{0xe0, 0x7b, 0x39, 0xff}
		}
		x0, x1 := x(0), x(s.QoELin)
		if x1 < x0 {
			x0, x1 = x1, x0
		}
		draw.Draw(img, image.Rect(x0, y+3, max(x1, x0+1), y+rowH-3), image.NewUniform(bar), image.Point{}, draw.Src)
		text(8, y+15, s.Name, color.Black)
		text(width-right+8, y+15, fmt.Sprintf("%.3f  norm %.2f  rebuf %.2f%%", s.QoELin, s.Normalized, 100*s.RebufferRatio), grey)
	}
	draw.Draw(img, image.Rect(x(0), top-4, x(0)+1, h-12), image.NewUniform(color.Black), image.Point{}, draw.Src)
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
