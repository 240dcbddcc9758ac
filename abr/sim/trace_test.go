package sim

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseTrace(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantErr string // substring; "" = success
		wantN   int
	}{
		{"tabs", "0.0\t1.5\n1.0\t2.5\n", "", 2},
		{"spaces, comments, blank lines, shifted start", "# oboe\n0.361 4.1\n\n0.712  4.2\n", "", 2},
		{"one column", "0 1\n1\n", "t.log:2: want", 0},
		{"bad time", "0 1\nx 1\n", `t.log:2: time "x"`, 0},
		{"bad rate", "0 1\n1 -2\n", `t.log:2: throughput "-2"`, 0},
		{"NaN rate", "0 1\n1 NaN\n", `t.log:2: throughput "NaN"`, 0},
		{"time goes back", "0 1\n2 1\n1 1\n", "t.log:3: time 1 goes back", 0},
		{"single sample", "0 1\n", "at least two samples", 0},
		{"no duration", "5 1\n5 1\n", "spans no time", 0},
		{"all zero", "0 0\n1 0\n", "zero throughout", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := ParseTrace(strings.NewReader(tc.in), "t.log")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(tr.Time) != tc.wantN || tr.Time[0] != 0 {
				t.Errorf("got %d samples starting at %v", len(tr.Time), tr.Time[0])
			}
		})
	}
}

func TestLoadTracesSkipsNotes(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "fam"), 0o755)
	os.WriteFile(filepath.Join(dir, "fam", "b.log"), []byte("0 1\n1 1\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "a.log"), []byte("0 2\n1 2\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "README.md"), []byte("# notes\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "MANIFEST.tsv"), []byte("family\tfile\n"), 0o644)
	os.WriteFile(filepath.Join(dir, ".hidden"), []byte("junk"), 0o644)
	trs, err := LoadTraces(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tr := range trs {
		names = append(names, tr.Name)
	}
	if got := strings.Join(names, ","); got != "a.log,fam/b.log" {
		t.Errorf("loaded %s", got)
	}
	if _, err := LoadTraces(t.TempDir()); err == nil {
		t.Error("empty directory: no error")
	}
}

func TestLinkFollowsPensieve(t *testing.T) {
	// 1 Mbit/s for 10 s then 2 Mbit/s, wrapping.
	tr := &Trace{Time: []float64{0, 10, 20}, Mbps: []float64{1, 1, 2}}
	l := newLink(tr, 0.95)
	// 1 Mbit/s × 0.95 = 118 750 B/s: 118 750 B take 1 s.
	if d := l.download(118_750); math.Abs(d-1) > 1e-9 {
		t.Errorf("first download %v s, want 1", d)
	}
	// 9 s left at 1 Mbit/s, then 2 Mbit/s: 9·118 750 + 237 500 B take 10 s.
	if d := l.download(9*118_750 + 237_500); math.Abs(d-10) > 1e-9 {
		t.Errorf("crossing download %v s, want 10", d)
	}
	// Sleep to the end (9 s), wrap to index 1 at t=0: 1 Mbit/s again.
	l.sleep(9)
	if d := l.download(118_750); math.Abs(d-1) > 1e-9 || l.ptr != 1 {
		t.Errorf("after wrap: %v s at ptr %d, want 1 s at 1", d, l.ptr)
	}
}

// FuzzParseTrace: the parser never panics, and what it accepts is a valid
// trace (starts at 0, non-decreasing, finite, non-negative).
func FuzzParseTrace(f *testing.F) {
	for _, s := range []string{"0 1\n1 2\n", "0.361\t4.1\n0.712\t4.2\n", "# c\n\n0 0\n1 0.5\n", "1e308 1\n", "0 1\n-1 1\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tr, err := ParseTrace(strings.NewReader(s), "fuzz")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz:") {
				t.Fatalf("error without file name: %v", err)
			}
			return
		}
		if tr.Time[0] != 0 || len(tr.Time) != len(tr.Mbps) || len(tr.Time) < 2 {
			t.Fatalf("bad trace %+v", tr)
		}
		for i := range tr.Time {
			if math.IsNaN(tr.Time[i]) || math.IsInf(tr.Time[i], 0) || tr.Mbps[i] < 0 || (i > 0 && tr.Time[i] < tr.Time[i-1]) {
				t.Fatalf("bad sample %d: %v %v", i, tr.Time[i], tr.Mbps[i])
			}
		}
		// A session on it terminates.
		if tr.Time[len(tr.Time)-1] < 1e6 && tr.Mean() > 0.01 {
			cfg := DefaultConfig()
			cfg.Chunks = 3
			Run(cfg, tr, &fixedLevel{})
		}
	})
}
