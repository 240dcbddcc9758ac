package e2e

import (
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/abr/sim"
)

// playDashjsABR plays pres with dash.js 4.7.4 (its default ABR, buffer target
// set to the simulator's 60 s) in headless Chromium from a fresh origin behind
// the trace, and scores its fragments and stalls with the simulator's QoE, as
// playABR does for smoothie.
func playDashjsABR(b *testing.B, pres, trace string) (sim.Metrics, bool) {
	b.Helper()
	var m sim.Metrics
	ok := b.Run(strings.TrimSuffix(filepath.Base(trace), filepath.Ext(trace))+"/dashjs", func(b *testing.B) {
		br := startBrowser(b)
		o := startServe(b, "--access-log", "", "--trace", trace, "--latency", abrBench.latency, filepath.Dir(pres))
		buf := strings.TrimSuffix(abrBench.buffer, "s")
		pg := br.openQuery(b, "dashjs", o.URL+"/"+filepath.Base(pres)+"/Manifest", url.Values{"buffer": {buf}})
		end := abrBench.duration.Seconds() - 0.1
		s := pg.waitFor("the end", 3*abrBench.duration, func(s peerSnapshot) bool { return s.Ended || s.Time >= end })
		var lines strings.Builder
		enc := json.NewEncoder(&lines)
		for _, f := range s.Fragments {
			enc.Encode(statsLine{Type: "fragment", T: f.T, Kind: "video", Bitrate: f.Bitrate, Start: f.Start, Bytes: f.Bytes})
		}
		for _, st := range s.StallLog {
			enc.Encode(statsLine{Type: "stall", Pos: st.Pos})
			if st.Dur >= 0 {
				enc.Encode(statsLine{Type: "resume", StallS: st.Dur})
			}
		}
		sess, err := playedSession(strings.NewReader(lines.String()), abrBench.ladder, abrBench.chunk.Seconds())
		if err != nil {
			b.Fatalf("dash.js: %v (%s)", err, s.summary())
		}
		if want := int(abrBench.duration / abrBench.chunk); len(sess.Chunks) != want {
			b.Fatalf("dash.js: %d video fragments played, want %d (%s)", len(sess.Chunks), want, s.summary())
		}
		m = sim.Measure(abrBench.ladder, abrBench.chunk.Seconds(), sess)
		b.Logf("dash.js %s: QoE_lin %.3f, rebuffer %.2f %% (%.1f s), %.0f kbit/s, %.2f switches/min; levels %s",
			s.Version, m.QoELin, 100*m.RebufferRatio, m.RebufferS, m.AvgKbps, m.SwitchesPerMin, levelString(sess))
		b.ReportMetric(m.QoELin, "qoe_lin")
		b.ReportMetric(100*m.RebufferRatio, "rebuffer_%")
	})
	return m, ok
}

// levelString is a session's levels, 1-based, one digit a chunk.
func levelString(s sim.Session) string {
	var b strings.Builder
	for _, c := range s.Chunks {
		fmt.Fprintf(&b, "%d", c.Level+1)
	}
	return b.String()
}
