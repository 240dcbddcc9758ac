package ttml

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// collapsed reports whether the cue's text is as default white-space handling
// leaves it, so that Write and Parse must give it back unchanged.
func collapsed(c Cue) bool {
	for _, l := range c.Lines {
		for i, s := range l {
			if strings.ContainsAny(s.Text, "\t\r\n") || strings.Contains(s.Text, "  ") || s.Text == "" ||
				(i == 0 && strings.HasPrefix(s.Text, " ")) || (i == len(l)-1 && strings.HasSuffix(s.Text, " ")) ||
				(i > 0 && strings.HasSuffix(l[i-1].Text, " ") && strings.HasPrefix(s.Text, " ")) {
				return false
			}
		}
	}
	return true
}

// FuzzParse: any input parses or fails with a one-line error; every cue has
// Begin < End and no empty first or last line; cues whose text is collapsed
// come back unchanged through Write and Parse.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.*")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(doc(`<div timeContainer="seq"><p dur="1s">one <span begin="0.5s">two</span></p><p dur="2f">x<br/>y</p></div>`)))
	f.Add(Write(sampleCues(), WriteOptions{From: sec, To: 11 * sec, Relative: true}))
	f.Fuzz(func(t *testing.T, b []byte) {
		cues, err := Parse(b, Options{})
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		ok := true
		for _, c := range cues {
			if c.Begin >= c.End || c.Begin < 0 {
				t.Fatalf("cue %v–%v", c.Begin, c.End)
			}
			if len(c.Lines) == 0 || len(c.Lines[0]) == 0 || len(c.Lines[len(c.Lines)-1]) == 0 {
				t.Fatalf("cue with empty first or last line: %s", dump([]Cue{c}))
			}
			ok = ok && collapsed(c)
		}
		if !ok {
			return
		}
		back, err := Parse(Write(cues, WriteOptions{}), Options{})
		if err != nil {
			t.Fatalf("written document does not parse: %v", err)
		}
		if !sameCues(back, cues) {
			t.Fatalf("round trip\ngot  %s\nwant %s", dump(back), dump(cues))
		}
	})
}
