package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestOpenSinksNone: with no outputs play prints status lines and says so; a
// bad --audio or --video is refused naming the flag.
func TestOpenSinksNone(t *testing.T) {
	s, err := openSinks("none", "none", &bytes.Buffer{}, &bytes.Buffer{}, nil)
	if err != nil || s.video != nil || s.audio != nil || !s.statusLines || s.what != "[audio: none video: none]" || s.warning != "" {
		t.Errorf("none/none: %+v, %v", s, err)
	}
	for _, c := range [][3]string{{"none", "loud", "--audio \"loud\": want auto or none"}, {"hologram", "none", "--video \"hologram\": want auto"},
		{"term", "none", "--video term: stdout is not a terminal"}} {
		if _, err := openSinks(c[0], c[1], &bytes.Buffer{}, &bytes.Buffer{}, nil); err == nil || !strings.HasPrefix(err.Error(), c[2]) {
			t.Errorf("--video %s --audio %s: %v; want %q", c[0], c[1], err, c[2])
		}
	}
}
