package smooth

import (
	"reflect"
	"strings"
	"testing"
)

// TestParseSparsePointer: the Content-Type values a fragment response may carry,
// the pointers read from each, and those refused with the entry named.
func TestParseSparsePointer(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []SparsePointer
		err  string // a part of the error; "" none
	}{
		{"video/mp4", nil, ""},
		{"", nil, ""},
		{`video/mp4;ChildTrack="ad=20000000"`, []SparsePointer{{"ad", 20000000}}, ""},
		{`video/mp4; childtrack = "ad=1, chapters = 2"`, []SparsePointer{{"ad", 1}, {"chapters", 2}}, ""},
		{`video/mp4;ChildTrack="ad=1;chapters=2";charset=x`, []SparsePointer{{"ad", 1}, {"chapters", 2}}, ""},
		{`video/mp4;ChildTrack=ad=5`, []SparsePointer{{"ad", 5}}, ""},
		{`video/mp4;ChildTrack="a=1";ChildTrack="b=2"`, []SparsePointer{{"a", 1}, {"b", 2}}, ""},
		{`video/mp4;ChildTrack=""`, nil, ""},
		{`video/mp4;ChildTrack="ad"`, nil, `entry "ad": not Name=Time`},
		{`video/mp4;ChildTrack="=5"`, nil, "not Name=Time"},
		{`video/mp4;ChildTrack="ad=-1"`, nil, `time "-1" is not an unsigned integer`},
		{`video/mp4;ChildTrack="ad=99999999999999999999"`, nil, "not an unsigned integer"},
		{`video/mp4;ChildTrack="ad=1`, nil, "unbalanced quotes"},
		{`video/mp4;ChildTrack="` + strings.Repeat("a=1,", 65) + `"`, nil, "more than 64 entries"},
	} {
		got, err := ParseSparsePointer(c.in)
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%q: error %v, want one with %q", c.in, err, c.err)
		case c.err == "" && err != nil:
			t.Errorf("%q: %v", c.in, err)
		case c.err == "" && !reflect.DeepEqual(got, c.want):
			t.Errorf("%q: %+v, want %+v", c.in, got, c.want)
		}
	}
}

// TestSparsePointerRoundTrip: what SparsePointerHeader writes ParseSparsePointer
// reads back.
func TestSparsePointerRoundTrip(t *testing.T) {
	for _, ptrs := range [][]SparsePointer{nil, {{"ad", 0}}, {{"ad", 20000000}, {"chapters", 1<<64 - 1}}} {
		h := SparsePointerHeader("video/mp4", ptrs)
		got, err := ParseSparsePointer(h)
		if err != nil || !reflect.DeepEqual(got, ptrs) {
			t.Errorf("%q: %+v %v, want %+v", h, got, err, ptrs)
		}
	}
}

// FuzzParseSparsePointer: any header value reads or fails with a one-line error;
// what reads writes and reads back the same.
func FuzzParseSparsePointer(f *testing.F) {
	f.Add(`video/mp4;ChildTrack="ad=20000000,chapters=15000000"`)
	f.Add(`video/mp4; childtrack = "ad=1;b=2"; ChildTrack=c=3`)
	f.Fuzz(func(t *testing.T, s string) {
		ptrs, err := ParseSparsePointer(s)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		if len(ptrs) > maxPointers {
			t.Fatalf("%d pointers", len(ptrs))
		}
		for _, p := range ptrs {
			if strings.ContainsAny(p.Stream, `,;="`) {
				return // a name the writer cannot quote: not round-tripped
			}
		}
		back, err := ParseSparsePointer(SparsePointerHeader("video/mp4", ptrs))
		if err != nil || len(back) != len(ptrs) {
			t.Fatalf("%+v wrote %q: read back %+v %v", ptrs, SparsePointerHeader("video/mp4", ptrs), back, err)
		}
		for i := range back {
			if back[i].Time != ptrs[i].Time || back[i].Stream != ptrs[i].Stream {
				t.Fatalf("%+v read back as %+v", ptrs, back)
			}
		}
	})
}
