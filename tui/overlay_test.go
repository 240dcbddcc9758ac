package tui

import (
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/player"
)

func TestOverlay(t *testing.T) {
	st := playingStats()
	st.Pinned = player.Quality{Level: 2}
	st.Video.Caps = []player.Cap{{Level: 3, Reason: player.CapBattery}}
	got := Overlay(st)
	want := "playing  0:58.5 / 5:00.0\n" +
		"video L4 2.5M 1280x720 h264, next L5\n" +
		"quality pinned L2, capped at L3 (battery)\n" +
		"throughput 6.4M  buffer 21.0s / 22.0s\n" +
		"decode 3.2ms of 40.0ms  frames 1462, 2 dropped\n" +
		"stalls 1 (1.2s)"
	if got != want {
		t.Errorf("overlay\n%s\nwant\n%s", got, want)
	}
	// the window's font is ASCII only
	for _, c := range []player.Stats{st, {}, {Live: true}} {
		for _, r := range Overlay(c) {
			if r > 0x7e || (r < 0x20 && r != '\n') {
				t.Fatalf("overlay of %+v holds %q, not printable ASCII", c, r)
			}
		}
	}
	if n := strings.Count(got, "\n"); n != 5 {
		t.Errorf("%d lines", n+1)
	}
}
