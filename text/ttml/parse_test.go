package ttml

import (
	"errors"
	"fmt"
	"image/color"
	"os"
	"strings"
	"testing"
	"time"
)

const (
	ns  = `xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling" xmlns:ttp="http://www.w3.org/ns/ttml#parameter"`
	sec = time.Second
	ms  = time.Millisecond
)

func doc(body string) string  { return `<tt ` + ns + `><body>` + body + `</body></tt>` }
func plain(s string) Span     { return Span{Text: s} }
func lines(ls ...Line) []Line { return ls }
func line(spans ...Span) Line { return Line(spans) }
func text(ls ...string) []Line {
	var out []Line
	for _, l := range ls {
		out = append(out, Line{plain(l)})
	}
	return out
}

// dump shows cues compactly for failure messages.
func dump(cues []Cue) string {
	var b strings.Builder
	for _, c := range cues {
		fmt.Fprintf(&b, "[%v–%v %q", c.Begin, c.End, c.Text())
		for _, l := range c.Lines {
			for _, s := range l {
				fmt.Fprintf(&b, " %+v", s)
			}
		}
		if c.Region != nil {
			fmt.Fprintf(&b, " region %+v", *c.Region)
		}
		b.WriteString("] ")
	}
	return b.String()
}

func sameCues(a, b []Cue) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Begin != b[i].Begin || a[i].End != b[i].End || !SameContent(a[i], b[i]) {
			return false
		}
	}
	return true
}

func TestParse(t *testing.T) {
	white := Color{color.RGBA{255, 255, 255, 255}, true}
	red := Color{color.RGBA{255, 0, 0, 255}, true}
	cases := []struct {
		name string
		doc  string
		opt  Options
		want []Cue
	}{
		{"clock times", doc(`<div><p begin="00:00:01.5" end="00:00:03.250">Hello</p></div>`), Options{},
			[]Cue{{Begin: 1500 * ms, End: 3250 * ms, Lines: text("Hello")}}},
		{"offset times", doc(`<p begin="1.5s" end="2500ms">a</p><p begin="1m" dur="0.5h">b</p>`), Options{},
			[]Cue{{Begin: 1500 * ms, End: 2500 * ms, Lines: text("a")}, {Begin: time.Minute, End: time.Minute + 30*time.Minute, Lines: text("b")}}},
		{"frames with multiplier", `<tt ` + ns + ` ttp:frameRate="30" ttp:frameRateMultiplier="1000 1001"><body><p begin="30f" end="00:00:02:00">f</p></body></tt>`, Options{},
			[]Cue{{Begin: 1001 * ms, End: 2 * sec, Lines: text("f")}}},
		{"ticks", `<tt ` + ns + ` ttp:tickRate="10000000"><body><p begin="10000000t" end="25000000t">t</p></body></tt>`, Options{},
			[]Cue{{Begin: sec, End: 2500 * ms, Lines: text("t")}}},
		{"relative to the fragment start", doc(`<p begin="1s" end="2s">r</p>`), Options{Relative: true, Offset: 100 * sec},
			[]Cue{{Begin: 101 * sec, End: 102 * sec, Lines: text("r")}}},
		{"offset ignored for absolute", doc(`<p begin="1s" end="2s">r</p>`), Options{Offset: 100 * sec},
			[]Cue{{Begin: sec, End: 2 * sec, Lines: text("r")}}},
		{"times inherited from body and div", `<tt ` + ns + `><body begin="10s"><div begin="5s" end="20s"><p begin="1s">x</p><p begin="2s" end="30s">y</p></div></body></tt>`, Options{},
			[]Cue{{Begin: 16 * sec, End: 30 * sec, Lines: text("x")}, {Begin: 17 * sec, End: 30 * sec, Lines: text("y")}}},
		{"dur shorter than end", doc(`<p begin="1s" end="5s" dur="1s">d</p>`), Options{},
			[]Cue{{Begin: sec, End: 2 * sec, Lines: text("d")}}},
		{"open end with OpenEnd", doc(`<p begin="1s">o</p>`), Options{OpenEnd: 4 * sec, Relative: true, Offset: 10 * sec},
			[]Cue{{Begin: 11 * sec, End: 14 * sec, Lines: text("o")}}},
		{"seq container", doc(`<div timeContainer="seq"><p dur="1s">one</p><p dur="2s">two</p></div>`), Options{},
			[]Cue{{Begin: 0, End: sec, Lines: text("one")}, {Begin: sec, End: 3 * sec, Lines: text("two")}}},
		{"br and whitespace collapse", doc("<p begin=\"0s\" end=\"1s\">\n   Two   words\n  <br/>  and\tmore  </p>"), Options{},
			[]Cue{{End: sec, Lines: text("Two words", "and more")}}},
		{"xml:space preserve", doc(`<p begin="0s" end="1s" xml:space="preserve">a  b` + "\n" + `c</p>`), Options{},
			[]Cue{{End: sec, Lines: text("a  b", "c")}}},
		{"nested spans inherit", doc(`<p begin="0s" end="1s" tts:color="white">a <span tts:fontStyle="italic">b <span tts:fontWeight="bold" tts:color="red">c</span></span> d</p>`), Options{},
			[]Cue{{End: sec, Lines: lines(line(Span{Text: "a ", Color: white}, Span{Text: "b ", Italic: true, Color: white},
				Span{Text: "c", Italic: true, Bold: true, Color: red}, Span{Text: " d", Color: white}))}}},
		{"span times split the paragraph", doc(`<p begin="10s" end="13s">one <span begin="1s">two <span begin="1s" end="2s">three</span></span></p>`), Options{},
			[]Cue{{Begin: 10 * sec, End: 11 * sec, Lines: text("one")}, {Begin: 11 * sec, End: 12 * sec, Lines: text("one two")},
				{Begin: 12 * sec, End: 13 * sec, Lines: text("one two three")}}},
		{"referenced styles chain and underline", `<tt ` + ns + `><head><styling><style xml:id="a" tts:textDecoration="underline"/><style xml:id="b" style="a" tts:backgroundColor="#ff000080"/></styling></head>` +
			`<body><p begin="0s" end="1s" style="b">u<span tts:textDecoration="noUnderline">n</span></p></body></tt>`, Options{},
			[]Cue{{End: sec, Lines: lines(line(Span{Text: "u", Underline: true, BackgroundColor: Color{color.RGBA{128, 0, 0, 128}, true}},
				Span{Text: "n", BackgroundColor: Color{color.RGBA{128, 0, 0, 128}, true}}))}}},
		{"region in percent on div, textAlign from style", `<tt ` + ns + `><head><layout><region xml:id="r" tts:origin="10% 5%" tts:extent="80% 20%" tts:displayAlign="center"/></layout></head>` +
			`<body><div region="r"><p begin="0s" end="1s" tts:textAlign="right">x</p></div></body></tt>`, Options{},
			[]Cue{{End: sec, Lines: text("x"), Region: &Region{0.1, 0.05, 0.8, 0.2, "center", "right"}}}},
		{"region in px against the root extent", `<tt ` + ns + ` tts:extent="1000px 500px"><head><layout><region xml:id="r" tts:origin="100px 400px" tts:extent="800px 100px" tts:displayAlign="after" tts:textAlign="center"/></layout></head>` +
			`<body><p region="r" begin="0s" end="1s">x</p></body></tt>`, Options{},
			[]Cue{{End: sec, Lines: text("x"), Region: &Region{0.1, 0.8, 0.8, 0.2, "after", "center"}}}},
		{"region in px against 1920x1080", `<tt ` + ns + `><head><layout><region xml:id="r" tts:origin="192px 540px" tts:extent="1536px 540px"/></layout></head>` +
			`<body region="r"><p begin="0s" end="1s">x</p></body></tt>`, Options{},
			[]Cue{{End: sec, Lines: text("x"), Region: &Region{0.1, 0.5, 0.8, 0.5, "before", "start"}}}},
		{"textAlign without region", doc(`<p begin="0s" end="1s" tts:textAlign="left">l</p><p begin="1s" end="2s" tts:textAlign="center">c</p>`), Options{},
			[]Cue{{End: sec, Lines: text("l"), Region: &Region{0, 0, 1, 1, "after", "left"}}, {Begin: sec, End: 2 * sec, Lines: text("c")}}},
		{"undeclared prefixes and entities", `<tt xmlns="http://www.w3.org/ns/ttml"><body><p begin="0s" end="1s" tts:fontStyle="italic">caf&eacute; &amp; tea</p></body></tt>`, Options{},
			[]Cue{{End: sec, Lines: lines(line(Span{Text: "café & tea", Italic: true}))}}},
		{"empty body", doc(``), Options{}, nil},
		{"empty div and empty p", doc(`<div/><div><p begin="0s" end="1s"> </p></div>`), Options{}, nil},
		{"no body", `<tt ` + ns + `><head/></tt>`, Options{}, nil},
		{"sorted by begin", doc(`<p begin="2s" end="3s">b</p><p begin="1s" end="2s">a</p>`), Options{},
			[]Cue{{Begin: sec, End: 2 * sec, Lines: text("a")}, {Begin: 2 * sec, End: 3 * sec, Lines: text("b")}}},
		{"BOM and trailing NULs", "\xEF\xBB\xBF" + doc(`<p begin="0s" end="1s">z</p>`) + "\x00\x00", Options{},
			[]Cue{{End: sec, Lines: text("z")}}},
		{"latin1 declared", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + doc("<p begin=\"0s\" end=\"1s\">\xe9t\xe9</p>"), Options{},
			[]Cue{{End: sec, Lines: text("été")}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Parse([]byte(c.doc), c.opt)
			if err != nil {
				t.Fatal(err)
			}
			if !sameCues(got, c.want) {
				t.Fatalf("got  %s\nwant %s", dump(got), dump(c.want))
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, doc, want string
		is              error
	}{
		{"bad time", doc("\n<p begin=\"1x\" end=\"2s\">a</p>"), `ttml: line 2: <p> begin "1x": not a time expression`, nil},
		{"bad clock", doc(`<p begin="0:0:1" end="2s">a</p>`), `begin "0:0:1": not a time expression`, nil},
		{"open end", doc("<div>\n<p begin=\"1s\">a</p></div>"), `ttml: line 2: no cue: <p> has no end`, ErrNoCue},
		{"never shown", doc(`<div end="1s"><p begin="2s" end="3s">a</p></div>`), `<p> is never shown`, ErrNoCue},
		{"text outside p", doc(`hello`), `text outside <p> in <body>`, ErrNoCue},
		{"not tt", `<html/>`, `root element <html>, not <tt>`, nil},
		{"foreign namespace", `<tt xmlns="urn:x"/>`, `not TTML`, nil},
		{"malformed", doc(`<p begin="0s" end="1s">a</span></p>`), `ttml: line 1: element <p> closed by </span>`, nil},
		{"too deep", doc(strings.Repeat("<div>", 70) + strings.Repeat("</div>", 70)), `nested too deeply`, ErrTooDeep},
		{"bad frame rate", `<tt ` + ns + ` ttp:frameRate="0"/>`, `ttp:frameRate "0"`, nil},
		{"empty", ``, `no root element`, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.doc), Options{})
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q, want %q on one line", err, c.want)
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Fatalf("error %q is not %v", err, c.is)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	if _, err := Parse(make([]byte, MaxInput+1), Options{}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("oversize: %v", err)
	}
	var b strings.Builder
	for i := 0; i <= MaxCues; i++ {
		fmt.Fprintf(&b, `<p begin="%dms" end="%dms">c</p>`, i, i+1)
	}
	if _, err := Parse([]byte(doc(b.String())), Options{}); !errors.Is(err, ErrTooManyCues) {
		t.Errorf("too many cues: %v", err)
	}
}

func TestTestdata(t *testing.T) {
	cases := []struct {
		file string
		opt  Options
		want []Cue
	}{
		{"dfxp2006.xml", Options{}, []Cue{
			{Begin: 500 * ms, End: 2 * sec, Lines: []Line{{{Text: "First line", Color: Color{color.RGBA{255, 255, 255, 255}, true}}}, {{Text: "second line", Color: Color{color.RGBA{255, 255, 255, 255}, true}}}},
				Region: &Region{0.1, 0.8, 0.8, 0.15, "after", "center"}},
			{Begin: 2 * sec, End: 3500 * ms, Lines: []Line{{{Text: "At the ", Color: Color{color.RGBA{255, 255, 0, 255}, true}}, {Text: "top", Italic: true, Color: Color{color.RGBA{255, 255, 0, 255}, true}}}},
				Region: &Region{0.1, 0.05, 0.8, 0.15, "before", "center"}},
		}},
		{"mss_fragment.ttml", Options{Relative: true, Offset: 60 * sec}, func() []Cue {
			white := Color{color.RGBA{255, 255, 255, 255}, true}
			bg := Color{color.RGBA{0, 0, 0, 128}, true}
			red := Color{color.RGBA{255, 0, 0, 255}, true}
			r := &Region{0.1, 0.8, 0.8, 0.15, "after", "center"}
			return []Cue{
				{Begin: 70 * sec, End: 72 * sec, Lines: []Line{{{Text: "Deux secondes", Color: white, BackgroundColor: bg}}}, Region: r},
				{Begin: 72*sec + 480*ms, End: 74 * sec, Lines: []Line{{{Text: "gras", Bold: true, Color: white, BackgroundColor: bg},
					{Text: " et ", Color: white, BackgroundColor: bg}, {Text: "souligné", Underline: true, Color: red, BackgroundColor: bg}}}, Region: r},
			}
		}()},
		{"empty_body.ttml", Options{}, nil},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			b, err := os.ReadFile("testdata/" + c.file)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse(b, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			if !sameCues(got, c.want) {
				t.Fatalf("got  %s\nwant %s", dump(got), dump(c.want))
			}
		})
	}
}

func TestParseTime(t *testing.T) {
	tm := defaultTiming()
	for in, want := range map[string]time.Duration{
		"00:00:00": 0, "01:02:03.5": time.Hour + 2*time.Minute + 3500*ms, "100:00:00": 100 * time.Hour,
		"00:00:01:15": 1500 * ms, "00:00:00:01.1": 66666667, "0.001s": ms, "2m": 2 * time.Minute, "1.25h": 75 * time.Minute,
		"15f": 500 * ms, "3t": 3 * sec, " 1s ": sec, "00:00:00.123456789": 123456789,
	} {
		got, err := tm.parseTime(in)
		if err != nil || got != want {
			t.Errorf("parseTime(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "s", "1", "1 s", "-1s", "1.s", ".5s", "00:60:00", "0:00:00", "00:00:0", "1e3s", "00:00:00.5:01", "99999999999999999999s", "200000h"} {
		if got, err := tm.parseTime(in); err == nil {
			t.Errorf("parseTime(%q) = %v, want an error", in, got)
		}
	}
}
