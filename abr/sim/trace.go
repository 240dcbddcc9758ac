package sim

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Trace is a throughput trace: Mbps[i] holds over (Time[i-1], Time[i]], the
// convention of Pensieve's simulator. Time starts at 0 (the loader subtracts
// the first timestamp).
type Trace struct {
	Name string
	Time []float64 // seconds, non-decreasing, Time[0] = 0
	Mbps []float64 // Mbit/s (10^6 bit/s)
}

// Mean is the time-weighted mean throughput in Mbit/s.
func (t *Trace) Mean() float64 {
	var sum float64
	for i := 1; i < len(t.Time); i++ {
		sum += t.Mbps[i] * (t.Time[i] - t.Time[i-1])
	}
	if d := t.Time[len(t.Time)-1]; d > 0 {
		return sum / d
	}
	return t.Mbps[0]
}

// ParseTrace reads "<seconds> <Mbit/s>" lines (whitespace separated; blank
// lines and '#' comments are skipped). Errors name the file and line.
func ParseTrace(r io.Reader, name string) (*Trace, error) {
	t := &Trace{Name: name}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || s[0] == '#' {
			continue
		}
		f := strings.Fields(s)
		if len(f) < 2 {
			return nil, fmt.Errorf("%s:%d: want \"<seconds> <Mbit/s>\", got %q", name, line, s)
		}
		ts, err := strconv.ParseFloat(f[0], 64)
		if err != nil || ts != ts || ts > 1e12 || ts < -1e12 {
			return nil, fmt.Errorf("%s:%d: time %q: not a number", name, line, f[0])
		}
		bw, err := strconv.ParseFloat(f[1], 64)
		if err != nil || bw != bw || bw < 0 || bw > 1e6 {
			return nil, fmt.Errorf("%s:%d: throughput %q: not a number in [0, 1e6] Mbit/s", name, line, f[1])
		}
		if n := len(t.Time); n > 0 && ts < t.Time[n-1] {
			return nil, fmt.Errorf("%s:%d: time %v goes back (previous %v)", name, line, ts, t.Time[n-1])
		}
		t.Time = append(t.Time, ts)
		t.Mbps = append(t.Mbps, bw)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, line+1, err)
	}
	if len(t.Time) < 2 {
		return nil, fmt.Errorf("%s:%d: need at least two samples", name, line)
	}
	t0 := t.Time[0]
	for i := range t.Time {
		t.Time[i] -= t0
	}
	if t.Time[len(t.Time)-1] <= 0 {
		return nil, fmt.Errorf("%s:%d: the trace spans no time", name, line)
	}
	var any bool
	for _, v := range t.Mbps[1:] {
		any = any || v > 0
	}
	if !any {
		return nil, fmt.Errorf("%s:%d: throughput is zero throughout", name, line)
	}
	return t, nil
}

// LoadTraces reads every trace file under dir (recursively, in name order),
// skipping dot files, *.md and *.tsv. Trace names are paths relative to dir.
func LoadTraces(dir string) ([]*Trace, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		base := d.Name()
		if p != dir && strings.HasPrefix(base, ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || strings.HasSuffix(base, ".md") || strings.HasSuffix(base, ".tsv") {
			return nil
		}
		paths = append(paths, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	if len(paths) == 0 {
		return nil, fmt.Errorf("%s: no trace files", dir)
	}
	out := make([]*Trace, 0, len(paths))
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		t, err := ParseTrace(f, p)
		f.Close()
		if err != nil {
			return nil, err
		}
		if rel, err := filepath.Rel(dir, p); err == nil && rel != "." {
			t.Name = rel
		}
		out = append(out, t)
	}
	return out, nil
}
