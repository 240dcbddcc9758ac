package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// writeTraces makes a directory with two small, steady traces.
func writeTraces(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// steady is a trace at a constant rate, one sample a second for 100 s.
func steady(mbps string) string {
	var b strings.Builder
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&b, "%d\t%s\n", i, mbps)
	}
	return b.String()
}

func TestSimExitCodes(t *testing.T) {
	good := writeTraces(t, map[string]string{"a.log": steady("1.5"), "b.log": steady("3.0")})
	bad := writeTraces(t, map[string]string{"a.log": "0 1.0\n1 x\n"})
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // substring expected on stdout
		stderr string // substring expected on stderr
	}{
		{"help", []string{"--help"}, exitOK, "Usage: smoothie sim", ""},
		{"no traces flag", nil, exitUsage, "", "--traces DIR is required"},
		{"unknown policy", []string{"--traces", good, "--policies", "nope"}, exitUsage, "", `unknown policy "nope"`},
		{"unknown device", []string{"--traces", good, "--device", "toaster"}, exitUsage, "", `unknown device "toaster"`},
		{"bad battery", []string{"--traces", good, "--device", "laptop", "--battery", "half"}, exitUsage, "", "--battery"},
		{"bad flag", []string{"--frobnicate"}, exitUsage, "", "frobnicate"},
		{"stray argument", []string{"--traces", good, "extra"}, exitUsage, "", `unexpected argument "extra"`},
		{"missing dir", []string{"--traces", filepath.Join(good, "nope")}, exitFailure, "", "nope"},
		{"bad trace line", []string{"--traces", bad}, exitFailure, "", "a.log:2: throughput \"x\""},
		{"bad cpu budget", []string{"--traces", good, "--cpu-budget", "150%"}, exitUsage, "", "--cpu-budget"},
		{"cpu budget", []string{"--traces", good, "--device", "weak", "--cpu-budget", "60%", "--policies", "smoothie"}, exitOK, "smoothie", ""},
		{"unknown video", []string{"--traces", good, "--video", "tiny"}, exitUsage, "", `unknown video "tiny"`},
		{"high ladder", []string{"--traces", good, "--video", "high", "--device", "weak", "--policies", "smoothie"}, exitOK, "smoothie", ""},
		// QA W9: NaN, infinities and negatives name the flag; a policy named twice is refused.
		{"payload zero", []string{"--traces", good, "--payload", "0"}, exitUsage, "", "--payload 0: want a share"},
		{"payload above 1", []string{"--traces", good, "--payload", "1.5"}, exitUsage, "", "--payload 1.5: want a share"},
		{"min-mbps NaN", []string{"--traces", good, "--min-mbps", "NaN"}, exitUsage, "", "--min-mbps NaN: want a finite number"},
		{"min-mbps negative", []string{"--traces", good, "--min-mbps", "-1"}, exitUsage, "", "--min-mbps -1: want"},
		{"min-mbps Inf", []string{"--traces", good, "--min-mbps", "Inf"}, exitUsage, "", "--min-mbps +Inf: want"},
		{"min-mbps text", []string{"--traces", good, "--min-mbps", "abc"}, exitUsage, "", "min-mbps"},
		{"policy twice", []string{"--traces", good, "--policies", "smoothie, bola,smoothie"}, exitUsage, "", `--policies: policy "smoothie" is named twice`},
		{"min-mbps filters", []string{"--traces", good, "--min-mbps", "2", "--policies", "bola"}, exitOK, "1 traces", ""},
		{"min-mbps filters all", []string{"--traces", good, "--min-mbps", "20"}, exitFailure, "", "no trace has a mean"},
		{"table", []string{"--traces", good, "--policies", "smoothie,bola"}, exitOK, "smoothie", ""},
		{"device table", []string{"--traces", good, "--policies", "smoothie,bola", "--device", "weak", "--battery", "discharging:15%"}, exitOK, "dropped %", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(append([]string{"sim"}, tc.args...), &out, &errb)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, tc.code, errb.String())
			}
			if !strings.Contains(out.String(), tc.stdout) {
				t.Errorf("stdout %q lacks %q", out.String(), tc.stdout)
			}
			if !strings.Contains(errb.String(), tc.stderr) {
				t.Errorf("stderr %q lacks %q", errb.String(), tc.stderr)
			}
			if tc.code != exitOK && strings.Count(strings.TrimSpace(errb.String()), "\n") > 0 {
				t.Errorf("error is not one line: %q", errb.String())
			}
		})
	}
}

func TestSimJSONFormat(t *testing.T) {
	dir := writeTraces(t, map[string]string{"a.log": steady("1.5"), "b.log": steady("0.9")})
	csvPath := filepath.Join(t.TempDir(), "s.csv")
	var out, errb bytes.Buffer
	chart := filepath.Join(t.TempDir(), "q.png")
	if code := run([]string{"sim", "--json", "--chart", chart, "--csv", csvPath, "--policies", "smoothie,mpc,optimum", "--traces", dir}, &out, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var doc map[string]any
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	if doc["traces"] != 2.0 {
		t.Errorf("traces = %v, want 2", doc["traces"])
	}
	ps := doc["policies"].([]any)
	if len(ps) != 3 {
		t.Fatalf("%d policies, want 3", len(ps))
	}
	want := []string{"avg_kbps", "name", "normalized", "qoe_lin", "rebuffer_ratio", "startup_s", "switches_per_min"}
	for _, p := range ps {
		m := p.(map[string]any)
		var keys []string
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if !reflect.DeepEqual(keys, want) {
			t.Errorf("keys %v, want %v", keys, want)
		}
	}
	if opt := ps[2].(map[string]any); opt["name"] != "optimum" || opt["normalized"] != 1.0 {
		t.Errorf("optimum entry %v: want normalized 1", opt)
	}
	if f, err := os.Open(chart); err != nil {
		t.Error(err)
	} else {
		if _, err := png.Decode(f); err != nil {
			t.Errorf("chart: %v", err)
		}
		f.Close()
	}
	b, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(string(b), "\n"); lines != 1+3*2 {
		t.Errorf("CSV has %d lines, want 7 (header + 3 policies × 2 traces)", lines)
	}
}

// TestSimPayload: --payload is the share of the trace the media gets, so the
// optimum's bitrate on a steady link follows it.
func TestSimPayload(t *testing.T) {
	dir := writeTraces(t, map[string]string{"a.log": steady("2.0")})
	kbps := map[string]float64{}
	for _, p := range []string{"0.5", "1"} {
		var out, errb bytes.Buffer
		if code := run([]string{"sim", "--json", "--policies", "optimum", "--payload", p, "--traces", dir}, &out, &errb); code != exitOK {
			t.Fatalf("--payload %s: exit %d: %s", p, code, errb.String())
		}
		var doc struct {
			Policies []struct {
				Kbps float64 `json:"avg_kbps"`
			}
		}
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil || len(doc.Policies) != 1 {
			t.Fatalf("--payload %s: %v\n%s", p, err, out.String())
		}
		kbps[p] = doc.Policies[0].Kbps
	}
	// 2 Mbit/s: the optimum holds 1850 kbit/s with all of it, ≤ 750 with half.
	if kbps["1"] < 1500 || kbps["0.5"] > 1000 {
		t.Errorf("optimum on a steady 2 Mbit/s link: %.0f kbit/s with --payload 1, %.0f with 0.5", kbps["1"], kbps["0.5"])
	}
}
