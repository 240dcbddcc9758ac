package subs

import (
	"os"
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/text/ttml"
)

// check: a one-line error, or cues with Begin < End and no empty lines that
// come back unchanged through ttml.Write and ttml.Parse (the packager's path).
func check(t *testing.T, cues []ttml.Cue, err error) {
	if err != nil {
		if strings.Contains(err.Error(), "\n") {
			t.Fatalf("multi-line error %q", err)
		}
		return
	}
	for _, c := range cues {
		if c.Begin >= c.End || c.Begin < 0 || len(c.Lines) == 0 {
			t.Fatalf("bad cue %s", dump([]ttml.Cue{c}))
		}
		for _, l := range c.Lines {
			if len(l) == 0 {
				t.Fatalf("empty line in %s", dump([]ttml.Cue{c}))
			}
		}
	}
	back, err := ttml.Parse(ttml.Write(cues, ttml.WriteOptions{}), ttml.Options{})
	if err != nil {
		t.Fatalf("written TTML does not parse: %v", err)
	}
	if !same(back, cues) {
		t.Fatalf("through TTML\ngot  %s\nwant %s", dump(back), dump(cues))
	}
}

func FuzzSRT(f *testing.F) {
	if b, err := os.ReadFile("testdata/sample.srt"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("1\n00:00:01,000 --> 00:00:02,000\n<i>a < b\nc</i> d</b> <font color=red>x</font>\n2\n00:00:02,000 --> 00:00:03,000\nB"))
	f.Fuzz(func(t *testing.T, b []byte) {
		cues, err := ParseSRT(b)
		check(t, cues, err)
	})
}

func FuzzVTT(f *testing.F) {
	if b, err := os.ReadFile("testdata/sample.vtt"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("WEBVTT\n\n00:01.000 --> 00:02.000 line:-2 align:end\n&lt;<b>A</b>&gt;\n\nNOTE x\n\n00:02.000 --> 00:03.000 line:40%\nB"))
	f.Fuzz(func(t *testing.T, b []byte) {
		cues, err := ParseVTT(b)
		check(t, cues, err)
	})
}
