package subs

import (
	"errors"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/text/ttml"
)

const (
	sec = time.Second
	ms  = time.Millisecond
)

func text(ls ...string) []ttml.Line {
	var out []ttml.Line
	for _, l := range ls {
		out = append(out, ttml.Line{{Text: l}})
	}
	return out
}

func dump(cues []ttml.Cue) string {
	var b strings.Builder
	for _, c := range cues {
		fmt.Fprintf(&b, "[%v–%v", c.Begin, c.End)
		for _, l := range c.Lines {
			fmt.Fprintf(&b, " %+v", l)
		}
		if c.Region != nil {
			fmt.Fprintf(&b, " region %+v", *c.Region)
		}
		b.WriteString("] ")
	}
	return b.String()
}

func same(a, b []ttml.Cue) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Begin != b[i].Begin || a[i].End != b[i].End || !ttml.SameContent(a[i], b[i]) {
			return false
		}
	}
	return true
}

func TestTestdata(t *testing.T) {
	red := ttml.Color{RGBA: color.RGBA{255, 0, 0, 255}, OK: true}
	cases := map[string][]ttml.Cue{
		"sample.srt": {
			{Begin: sec, End: 3500 * ms, Lines: []ttml.Line{{{Text: "Hello "}, {Text: "world", Italic: true}}, {{Text: "second line"}}}},
			{Begin: 4 * sec, End: 6 * sec, Lines: []ttml.Line{{{Text: "Bold", Bold: true}, {Text: " and "}, {Text: "under", Underline: true}, {Text: " "}, {Text: "red", Color: red}}}},
			{Begin: time.Minute + 250*ms, End: time.Minute + 2*sec, Lines: []ttml.Line{{{Text: "Across", Italic: true}}, {{Text: "lines", Italic: true}}}},
		},
		"sample.vtt": {
			{Begin: sec, End: 3500 * ms, Lines: []ttml.Line{{{Text: "Hello "}, {Text: "world", Italic: true}, {Text: " & all"}}, {{Text: "second line"}}}},
			{Begin: 4 * sec, End: 6 * sec, Lines: text("At the top, left"), Region: &ttml.Region{ExtentX: 1, ExtentY: 1, DisplayAlign: "before", TextAlign: "start"}},
			{Begin: 6 * sec, End: 7 * sec, Lines: text("Ten percent down"), Region: &ttml.Region{OriginY: 0.1, ExtentX: 1, ExtentY: 0.9, DisplayAlign: "before", TextAlign: "center"}},
			{Begin: time.Hour, End: time.Hour + 1500*ms, Lines: []ttml.Line{{{Text: "An hour", Bold: true}, {Text: " in"}}}},
		},
	}
	for file, want := range cases {
		t.Run(file, func(t *testing.T) {
			got, err := ReadFile(filepath.Join("testdata", file))
			if err != nil {
				t.Fatal(err)
			}
			if !same(got, want) {
				t.Fatalf("got  %s\nwant %s", dump(got), dump(want))
			}
			// What the packager does: the cues in TTML and back.
			back, err := ttml.Parse(ttml.Write(got, ttml.WriteOptions{}), ttml.Options{})
			if err != nil || !same(back, got) {
				t.Fatalf("through TTML: %v\ngot  %s\nwant %s", err, dump(back), dump(got))
			}
		})
	}
}

func TestSRT(t *testing.T) {
	cases := []struct {
		name, in string
		want     []ttml.Cue
	}{
		{"no numbers, no final newline", "00:00:01,000 --> 00:00:02,000\nA", []ttml.Cue{{Begin: sec, End: 2 * sec, Lines: text("A")}}},
		{"no blank line between cues", "1\n00:00:01,000 --> 00:00:02,000\nA\n2\n00:00:02,000 --> 00:00:03,000\nB\n00:00:03,000 --> 00:00:04,000\nC\n",
			[]ttml.Cue{{Begin: sec, End: 2 * sec, Lines: text("A")}, {Begin: 2 * sec, End: 3 * sec, Lines: text("B")}, {Begin: 3 * sec, End: 4 * sec, Lines: text("C")}}},
		{"CR only and extra blank lines", "\r\r1\r00:00:01,5 --> 00:00:02,25\rA\r\r\r", []ttml.Cue{{Begin: 1500 * ms, End: 2250 * ms, Lines: text("A")}}},
		{"coordinates after the end time", "00:00:01,000 --> 00:00:02,000 X1:10 X2:20\nA\n", []ttml.Cue{{Begin: sec, End: 2 * sec, Lines: text("A")}}},
		{"empty and zero-length cues skipped", "00:00:01,000 --> 00:00:02,000\n\n00:00:03,000 --> 00:00:03,000\nB\n", nil},
		{"unclosed tags and a lone <", "00:00:01,000 --> 00:00:02,000\n<i>a < b\nc</i> d</b>\n",
			[]ttml.Cue{{Begin: sec, End: 2 * sec, Lines: []ttml.Line{{{Text: "a < b", Italic: true}}, {{Text: "c", Italic: true}, {Text: " d"}}}}}},
		{"empty file", "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseSRT([]byte(c.in))
			if err != nil {
				t.Fatal(err)
			}
			if !same(got, c.want) {
				t.Fatalf("got  %s\nwant %s", dump(got), dump(c.want))
			}
		})
	}
}

func TestVTT(t *testing.T) {
	cases := []struct {
		name, in string
		want     []ttml.Cue
	}{
		{"minimal", "WEBVTT\n\n00:01.000 --> 00:02.000\nA\n", []ttml.Cue{{Begin: sec, End: 2 * sec, Lines: text("A")}}},
		{"BOM CRLF and identifier", "\xEF\xBB\xBFWEBVTT\r\n\r\n1\r\n00:00:01.000 --> 00:00:02.000\r\n&lt;A&gt;&nbsp;\r\n", []ttml.Cue{{Begin: sec, End: 2 * sec, Lines: text("<A>\u00a0")}}},
		{"timestamps and ruby dropped", "WEBVTT\n\n00:01.000 --> 00:03.000\na <00:02.000>b <ruby>c<rt>d</rt></ruby>\n", []ttml.Cue{{Begin: sec, End: 3 * sec, Lines: text("a b cd")}}},
		{"line -1 is the default", "WEBVTT\n\n00:01.000 --> 00:02.000 line:-1\nA\n", []ttml.Cue{{Begin: sec, End: 2 * sec, Lines: text("A")}}},
		{"align right at the bottom", "WEBVTT\n\n00:01.000 --> 00:02.000 align:right\nA\n", []ttml.Cue{{Begin: sec, End: 2 * sec, Lines: text("A"), Region: &ttml.Region{ExtentX: 1, ExtentY: 1, DisplayAlign: "after", TextAlign: "right"}}}},
		{"header only", "WEBVTT\nKind: captions\n", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseVTT([]byte(c.in))
			if err != nil {
				t.Fatal(err)
			}
			if !same(got, c.want) {
				t.Fatalf("got  %s\nwant %s", dump(got), dump(c.want))
			}
		})
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		name, file, in, want string
	}{
		{"srt bad time", "a.srt", "1\n00:00:01,000 --> 00:00:0x,000\nA\n", `a.srt: line 2: cue end "00:00:0x,000": not a time`},
		{"srt no timing", "a.srt", "hello\nworld\n", `a.srt: line 1: "hello": not a cue timing line`},
		{"srt backwards", "a.srt", "00:00:02,000 --> 00:00:01,000\nA\n", `line 1: cue ends (1s) before it begins (2s)`},
		{"vtt no header", "a.vtt", "00:01.000 --> 00:02.000\nA\n", `a.vtt: line 1: no WEBVTT header`},
		{"vtt identifier alone", "a.vtt", "WEBVTT\n\nid\n", `line 3: "id": a cue identifier without a timing line`},
		{"ttml", "a.ttml", "<tt xmlns=\"http://www.w3.org/ns/ttml\"><body><p begin=\"x\">a</p></body></tt>", `a.ttml: ttml: line 1: <p> begin "x"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(c.file, []byte(c.in))
			if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %v, want %q on one line", err, c.want)
			}
		})
	}
	if _, err := ParseSRT(make([]byte, MaxInput+1)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("oversize: %v", err)
	}
}

func TestDetect(t *testing.T) {
	cases := []struct {
		name, in string
		want     Format
	}{
		{"x.SRT", "", SRT}, {"x.vtt", "", VTT}, {"x.dfxp", "", TTML}, {"x.xml", "", TTML},
		{"x.txt", "\xEF\xBB\xBFWEBVTT\n", VTT}, {"x", "  <?xml?><tt/>", TTML}, {"x", "1\n00:00:01,000 --> 00:00:02,000\n", SRT},
	}
	for _, c := range cases {
		if got := Detect(c.name, []byte(c.in)); got != c.want {
			t.Errorf("Detect(%q, %q) = %s, want %s", c.name, c.in, got, c.want)
		}
	}
}

func TestReadFileTTML(t *testing.T) {
	p := filepath.Join(t.TempDir(), "s.dfxp")
	doc := `<tt xmlns="http://www.w3.org/2006/10/ttaf1"><body><p begin="1s" end="2s">x</p></body></tt>`
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile(p)
	if err != nil || !same(got, []ttml.Cue{{Begin: sec, End: 2 * sec, Lines: text("x")}}) {
		t.Fatalf("%v %s", err, dump(got))
	}
	if _, err := ReadFile(filepath.Join(t.TempDir(), "missing.srt")); err == nil {
		t.Fatal("missing file read")
	}
}

func TestTooManyLines(t *testing.T) {
	in := []byte(strings.Repeat("\n", MaxLines+1))
	if _, err := ParseSRT(in); !errors.Is(err, ErrTooLarge) {
		t.Errorf("srt: %v", err)
	}
	if _, err := ParseVTT(append([]byte("WEBVTT"), in...)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("vtt: %v", err)
	}
}
