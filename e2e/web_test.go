package e2e

import (
	"testing"
	"time"
)

// demoFrames is the bundled demo's length in video frames (20 s at 25 fps).
const demoFrames = 500

// TestWebPlayersVOD: dash.js and Shaka Player, from a page on another port, play the
// demo VOD to its end: every frame decoded, few dropped, and a screenshot of the
// playing page shows the demo's colour bars.
func TestWebPlayersVOD(t *testing.T) {
	o := startServe(t, "--access-log", "", "../testdata/demo")
	b := startBrowser(t)
	for _, player := range []string{"dashjs", "shaka"} {
		t.Run(player, func(t *testing.T) {
			p := b.open(t, player, o.URL+"/demo.ism/Manifest")
			p.waitFor("playback", 20*time.Second, func(s peerSnapshot) bool { return s.Playing && s.Time > 3 })
			checkBars(t, p.screenshot(), player)
			s := p.waitFor("the end", 45*time.Second, func(s peerSnapshot) bool { return s.Ended })
			t.Log(s.summary())
			if s.Live || s.Decoded < demoFrames*95/100 || s.Dropped > demoFrames/20 || len(s.Heights) == 0 || s.Time < 19.5 {
				t.Errorf("VOD: %s", s.summary())
			}
		})
	}
}
