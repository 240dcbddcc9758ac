package pack

import (
	"testing"

	"github.com/smoothie-player/smoothie/decode/encode"
)

func TestParseLadder(t *testing.T) {
	got, err := ParseLadder("1280x720@2500k, 320x180@300k,640x360@1.2M")
	if err != nil {
		t.Fatal(err)
	}
	want := []encode.Level{{Width: 320, Height: 180, Bitrate: 300000}, {Width: 640, Height: 360, Bitrate: 1200000}, {Width: 1280, Height: 720, Bitrate: 2500000}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	for _, bad := range []string{"", "1280x720", "1280@2500k", "axb@1k", "640x360@fast", "640x360@-5k", "640x360@NaN", "640x360@Infk", "640x360@1e308M"} {
		if _, err := ParseLadder(bad); err == nil {
			t.Errorf("ParseLadder(%q) accepted", bad)
		}
	}
	if err := (encode.Config{Levels: DefaultLadder()}).Validate(); err != nil {
		t.Fatalf("default ladder invalid: %v", err)
	}
}

func FuzzParseLadder(f *testing.F) {
	for _, s := range []string{"1280x720@2500k", "320x180@300k,640x360@1.2M", "x@", "1x1@1e308M", ",,,", "640X360@1m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		levels, err := ParseLadder(s)
		if err != nil {
			return
		}
		for i := 1; i < len(levels); i++ {
			if levels[i].Bitrate < levels[i-1].Bitrate {
				t.Fatalf("%q: levels not sorted by bitrate: %v", s, levels)
			}
		}
		_ = (encode.Config{Levels: levels}).Validate()
	})
}
