// Package trace reads network throughput traces ("<seconds> <Mbit/s>" per line, the
// format of the Pensieve and FCC/HSDPA trace sets) and replays them: the ABR simulator
// steps through them chunk by chunk, the origin's shaper follows them over wall time.
// It is a leaf package: standard library only.
package trace

import (
	"bufio"
	"errors"
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

// Parse reads "<seconds> <Mbit/s>" lines (whitespace separated; blank
// lines and '#' comments are skipped). Errors name the file and line.
func Parse(r io.Reader, name string) (*Trace, error) {
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
			return nil, fmt.Errorf("%s:%d: want \"<seconds> <Mbit/s>\", got %s", name, line, quoteShort(s))
		}
		ts, err := number(f[0], -1e12, 1e12)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: time %s: %v seconds", name, line, quoteShort(f[0]), err)
		}
		bw, err := number(f[1], 0, 1e6)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: throughput %s: %v Mbit/s", name, line, quoteShort(f[1]), err)
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

// number parses s as a float within [lo, hi]; its error says whether s is not a number
// or a number out of range.
func number(s string, lo, hi float64) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) || v != v {
		return 0, fmt.Errorf("not a number in [%g, %g]", lo, hi)
	}
	if err != nil || v < lo || v > hi {
		return 0, fmt.Errorf("out of range [%g, %g]", lo, hi)
	}
	return v, nil
}

// maxQuoted is how many bytes of a bad line or field an error quotes.
const maxQuoted = 40

// quoteShort quotes s, cut to maxQuoted bytes (at a character boundary) with an
// ellipsis: a binary file must not fill the terminal.
func quoteShort(s string) string {
	if len(s) <= maxQuoted {
		return strconv.Quote(s)
	}
	n := 0
	for i := range s { // by character; an invalid byte counts as one
		if i > maxQuoted {
			break
		}
		n = i
	}
	return strconv.Quote(s[:n]) + "…"
}

// LoadDir reads every trace file under dir (recursively, in name order),
// skipping dot files, *.md and *.tsv. Trace names are paths relative to dir,
// slash-separated on every system (so a results CSV names traces alike on Windows).
func LoadDir(dir string) ([]*Trace, error) {
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
		t, err := Parse(f, p)
		f.Close()
		if err != nil {
			return nil, err
		}
		if rel, err := filepath.Rel(dir, p); err == nil && rel != "." {
			t.Name = filepath.ToSlash(rel)
		}
		out = append(out, t)
	}
	return out, nil
}

// Load reads one trace file.
func Load(path string) (*Trace, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Parse(f, path)
}

// Duration is the span of the trace in seconds.
func (t *Trace) Duration() float64 { return t.Time[len(t.Time)-1] }

// MbpsAt is the throughput at elapsed seconds, replaying the trace the way Pensieve's
// simulator does: the value at index i holds over (Time[i-1], Time[i]], and past the
// end the trace starts again from the beginning.
func (t *Trace) MbpsAt(elapsed float64) float64 {
	d := t.Duration()
	if elapsed < 0 {
		elapsed = 0
	}
	if elapsed > d {
		elapsed -= d * float64(int(elapsed/d))
	}
	i := sort.SearchFloat64s(t.Time, elapsed)
	if i == 0 {
		i = 1
	}
	if i >= len(t.Time) {
		i = len(t.Time) - 1
	}
	return t.Mbps[i]
}
