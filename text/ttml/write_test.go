package ttml

import (
	"image/color"
	"os"
	"strings"
	"testing"
	"time"
)

func sampleCues() []Cue {
	semi := Color{premultiply(255, 255, 0, 128), true}
	return []Cue{
		{Begin: 500 * ms, End: 2 * sec, Lines: text("one", "two & <three>")},
		{Begin: 3 * sec, End: 12*sec + 1, Lines: []Line{{{Text: "it", Italic: true}, {Text: " bold", Bold: true, Underline: true},
			{Text: " col", Color: Color{color.RGBA{1, 2, 3, 255}, true}, BackgroundColor: semi}}},
			Region: &Region{0.1, 0.05, 0.8, 1.0 / 3, "before", "center"}},
		{Begin: 11 * sec, End: 25 * sec, Lines: text("long"), Region: &Region{0, 0, 1, 1, "after", "left"}},
	}
}

func TestWriteRoundTrip(t *testing.T) {
	cues := sampleCues()
	got, err := Parse(Write(cues, WriteOptions{Lang: "en"}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !sameCues(got, cues) {
		t.Fatalf("got  %s\nwant %s", dump(got), dump(cues))
	}
}

func TestWriteFragments(t *testing.T) {
	cues := sampleCues()
	// Cut into 10 s fragments, relative times, and join back.
	var joined []Cue
	for from := time.Duration(0); from < 30*sec; from += 10 * sec {
		doc := Write(cues, WriteOptions{From: from, To: from + 10*sec, Relative: true})
		frag, err := Parse(doc, Options{Relative: true, Offset: from})
		if err != nil {
			t.Fatalf("fragment at %v: %v\n%s", from, err, doc)
		}
		for _, c := range frag {
			if c.Begin < from || c.End > from+10*sec {
				t.Fatalf("fragment at %v: cue %v–%v not clipped", from, c.Begin, c.End)
			}
		}
		if from == 10*sec && len(frag) != 2 {
			t.Fatalf("fragment at 10s: %s", dump(frag))
		}
		joined = Join(joined, frag)
	}
	if !sameCues(joined, cues) {
		t.Fatalf("joined %s\nwant   %s", dump(joined), dump(cues))
	}
}

func TestWriteTestdataRoundTrip(t *testing.T) {
	for _, f := range []string{"dfxp2006.xml", "mss_fragment.ttml"} {
		b, err := os.ReadFile("testdata/" + f)
		if err != nil {
			t.Fatal(err)
		}
		cues, err := Parse(b, Options{})
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse(Write(cues, WriteOptions{}), Options{})
		if err != nil || !sameCues(back, cues) {
			t.Fatalf("%s: %v\ngot  %s\nwant %s", f, err, dump(back), dump(cues))
		}
	}
}

func TestWriteEmpty(t *testing.T) {
	doc := Write(nil, WriteOptions{From: 10 * sec, To: 20 * sec})
	cues, err := Parse(doc, Options{})
	if err != nil || len(cues) != 0 {
		t.Fatalf("%v %v\n%s", cues, err, doc)
	}
	if !strings.Contains(string(doc), "<body>") {
		t.Fatalf("no body:\n%s", doc)
	}
}

func TestJoin(t *testing.T) {
	a := Cue{Begin: 0, End: 10 * sec, Lines: text("a")}
	b := Cue{Begin: 10 * sec, End: 12 * sec, Lines: text("a")}
	c := Cue{Begin: 10 * sec, End: 11 * sec, Lines: text("c")}
	far := Cue{Begin: 11 * sec, End: 12 * sec, Lines: text("a")}
	cases := []struct {
		name       string
		prev, next []Cue
		want       []Cue
	}{
		{"split cue", []Cue{a}, []Cue{b, c}, []Cue{{End: 12 * sec, Lines: text("a")}, c}},
		{"within a millisecond", []Cue{a}, []Cue{{Begin: 10*sec + ms, End: 12 * sec, Lines: text("a")}}, []Cue{{End: 12 * sec, Lines: text("a")}}},
		{"gap", []Cue{a}, []Cue{far}, []Cue{a, far}},
		{"other text", []Cue{a}, []Cue{c}, []Cue{a, c}},
		{"other region", []Cue{a}, []Cue{{Begin: 10 * sec, End: 11 * sec, Lines: text("a"), Region: &Region{ExtentX: 1}}}, []Cue{a, {Begin: 10 * sec, End: 11 * sec, Lines: text("a"), Region: &Region{ExtentX: 1}}}},
		{"empty prev", nil, []Cue{b}, []Cue{b}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			prev := append([]Cue(nil), tc.prev...)
			got := Join(tc.prev, tc.next)
			if !sameCues(got, tc.want) {
				t.Fatalf("got  %s\nwant %s", dump(got), dump(tc.want))
			}
			if !sameCues(prev, tc.prev) {
				t.Fatal("Join modified prev")
			}
		})
	}
}

func TestColorRoundTrip(t *testing.T) {
	for a := 0; a < 256; a += 5 {
		for v := 0; v < 256; v += 3 {
			c := premultiply(uint8(v), uint8(255-v), 7, uint8(a))
			r, g, b, al := straight(c)
			if back := premultiply(r, g, b, al); back != c {
				t.Fatalf("%v -> %d %d %d %d -> %v", c, r, g, b, al, back)
			}
		}
	}
}
