package trace

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReplay(t *testing.T) {
	tr, err := Parse(strings.NewReader("# comment\n0.3\t1.0\n1.3\t2.0\n\n3.3 0.5\n"), "x")
	if err != nil {
		t.Fatal(err)
	}
	if tr.Duration() != 3 || len(tr.Time) != 3 || tr.Time[0] != 0 {
		t.Fatalf("%+v", tr)
	}
	// Value i holds over (Time[i-1], Time[i]]; the trace wraps past its end.
	for _, c := range []struct{ at, want float64 }{{0, 2}, {0.5, 2}, {1, 2}, {1.5, 0.5}, {3, 0.5}, {3.5, 2}, {5.5, 0.5}} {
		if got := tr.MbpsAt(c.at); got != c.want {
			t.Errorf("MbpsAt(%v) = %v, want %v", c.at, got, c.want)
		}
	}
	if m := tr.Mean(); math.Abs(m-(2*1+0.5*2)/3) > 1e-9 {
		t.Errorf("mean %v", m)
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{"", "1 2\n", "0 1\n1\n", "0 x\n1 1\n", "0 1\n1 -2\n", "0 1\n-1 1\n", "0 0\n1 0\n", "5 1\n5 1\n"} {
		if _, err := Parse(strings.NewReader(in), "bad.txt"); err == nil || !strings.HasPrefix(err.Error(), "bad.txt:") {
			t.Errorf("%q: err %v", in, err)
		}
	}
}

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "a"), 0o755)
	os.WriteFile(filepath.Join(dir, "a", "t1"), []byte("0 1\n1 2\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "t0"), []byte("0 1\n1 2\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "README.md"), []byte("# not a trace"), 0o644)
	trs, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(trs) != 2 || trs[0].Name != "a/t1" || trs[1].Name != "t0" {
		t.Errorf("%v", trs)
	}
	if _, err := LoadDir(t.TempDir()); err == nil {
		t.Errorf("empty dir accepted")
	}
}
