package fgraph

import (
	"errors"
	"strings"
	"testing"

	"github.com/asticode/go-astiav"
)

func TestSourceOnlyGraphWithTwoSinks(t *testing.T) {
	g, err := New("testsrc2=s=64x36:r=10:d=0.5,split[a][b];[b]scale=32:18[c]", nil, []Output{{Name: "a"}, {Name: "c"}})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	f := astiav.AllocFrame()
	defer f.Free()
	n := 0
	for {
		err := g.Pull(0, f)
		if errors.Is(err, astiav.ErrEof) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if f.Width() != 64 {
			t.Fatalf("sink 0 width %d", f.Width())
		}
		f.Unref()
		if err := g.Pull(1, f); err != nil || f.Width() != 32 {
			t.Fatalf("sink 1: %v width %d", err, f.Width())
		}
		f.Unref()
		n++
	}
	if n != 5 {
		t.Fatalf("%d frames, want 5", n)
	}
	if tb := g.SinkTimeBase(0); tb.Num() != 1 || tb.Den() != 10 {
		t.Fatalf("time base %s", tb)
	}
}

func TestBadGraphIsAnError(t *testing.T) {
	_, err := New("nosuchfilter[o]", nil, []Output{{Name: "o"}})
	if err == nil || !strings.Contains(err.Error(), "nosuchfilter") {
		t.Fatalf("error %v", err)
	}
	_, err = New("[in]null[o]", []Input{{Name: "in", Filter: "nosuchsource"}}, []Output{{Name: "o"}})
	if err == nil {
		t.Fatal("unknown source filter accepted")
	}
}
