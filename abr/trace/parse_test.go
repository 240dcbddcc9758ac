package trace

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
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
		// QA U5: a number out of range says so; binary garbage is quoted short.
		{"time out of range", "0 1\n1e15 1\n", `t.log:2: time "1e15": out of range [-1e+12, 1e+12] seconds`, 0},
		{"time overflows float", "0 1\n1e400 1\n", `time "1e400": out of range`, 0},
		{"rate out of range", "0 1\n1 2e6\n", `t.log:2: throughput "2e6": out of range [0, 1e+06] Mbit/s`, 0},
		{"rate text", "0 1\n1 fast\n", `throughput "fast": not a number in [0, 1e+06] Mbit/s`, 0},
		{"binary line", "0 1\n" + strings.Repeat("\x8d\xf7", 100) + "\n", `t.log:2: want "<seconds> <Mbit/s>", got "` + strings.Repeat(`\x8d\xf7`, 20) + `"…`, 0},
		{"binary field", "0 1\n1 " + strings.Repeat("z", 300) + "\n", `throughput "` + strings.Repeat("z", 40) + `"…: not a number`, 0},
		{"time goes back", "0 1\n2 1\n1 1\n", "t.log:3: time 1 goes back", 0},
		{"single sample", "0 1\n", "at least two samples", 0},
		{"no duration", "5 1\n5 1\n", "spans no time", 0},
		{"all zero", "0 0\n1 0\n", "zero throughout", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := Parse(strings.NewReader(tc.in), "t.log")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				if len(err.Error()) > 256 { // 40 bytes quoted, each at most 4 characters
					t.Errorf("error of %d bytes: quote less", len(err.Error()))
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

func TestLoadDirSkipsNotes(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "fam"), 0o755)
	os.WriteFile(filepath.Join(dir, "fam", "b.log"), []byte("0 1\n1 1\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "a.log"), []byte("0 2\n1 2\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "README.md"), []byte("# notes\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "MANIFEST.tsv"), []byte("family\tfile\n"), 0o644)
	os.WriteFile(filepath.Join(dir, ".hidden"), []byte("junk"), 0o644)
	trs, err := LoadDir(dir)
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
	if _, err := LoadDir(t.TempDir()); err == nil {
		t.Error("empty directory: no error")
	}
}

// FuzzParse: the parser never panics, and what it accepts is a valid
// trace (starts at 0, non-decreasing, finite, non-negative).
func FuzzParse(f *testing.F) {
	for _, s := range []string{"0 1\n1 2\n", "0.361\t4.1\n0.712\t4.2\n", "# c\n\n0 0\n1 0.5\n", "1e308 1\n", "0 1\n-1 1\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tr, err := Parse(strings.NewReader(s), "fuzz")
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
		// Replay anywhere gives a rate from the trace.
		for _, at := range []float64{0, tr.Duration() / 3, tr.Duration() * 2.5} {
			if v := tr.MbpsAt(at); v < 0 || math.IsNaN(v) {
				t.Fatalf("MbpsAt(%v) = %v", at, v)
			}
		}
	})
}
