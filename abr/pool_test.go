package abr

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"testing"
	"time"
)

// bucketLink is a link of rate bps behind a token bucket of burst bytes (what
// `serve --rate` and a TCP initial window look like to a small transfer), with a
// fixed TTFB; transfers go one at a time.
type bucketLink struct {
	bps, tokens, burst float64
	ttfb               time.Duration
	at                 time.Duration // the bucket's time
}

// fetch starts a transfer of n bytes at start and returns it, finished.
func (l *bucketLink) fetch(start time.Duration, n int64, audio bool) Transfer {
	first := start + l.ttfb
	l.tokens = math.Min(l.burst, l.tokens+l.bps/8*(first-l.at).Seconds())
	end := first
	if need := float64(n) - l.tokens; need > 0 {
		end += time.Duration(need * 8 / l.bps * float64(time.Second))
		l.tokens = 0
	} else {
		l.tokens -= float64(n)
	}
	l.at = end
	lvl := 0
	if audio {
		lvl = -1
	}
	return Transfer{Level: lvl, Audio: audio, Bytes: n, TTFB: l.ttfb, Duration: end - start, End: end}
}

// session fetches fill fragments back to back (each a video then an audio transfer,
// 2 s of media), then steady fragments one every 2 s (a full buffer), feeding m;
// it returns the estimates after each fragment.
func (l *bucketLink) session(m *Meter, video, audio int64, fill, steady int) []float64 {
	var now time.Duration
	var est []float64
	for i := range fill + steady {
		if i >= fill {
			now = max(now, time.Duration(i-fill+1)*2*time.Second+l.at)
		}
		v := l.fetch(now, video, false)
		m.Observe(v)
		a := l.fetch(v.End+100*time.Microsecond, audio, true)
		m.Observe(a)
		now = a.End + 200*time.Microsecond
		est = append(est, m.Estimate())
	}
	return est
}

// TestPoolTinyFragmentsFastLink: 4 KB video and 16 KB audio fragments on a fast
// link (loopback: 0.2 ms to first byte, 400 Mbit/s) give a sample within four
// fragments, and a high one; a 16 KiB-transfer floor alone would have none.
func TestPoolTinyFragmentsFastLink(t *testing.T) {
	l := &bucketLink{bps: 400e6, burst: 16 << 10, tokens: 16 << 10, ttfb: 200 * time.Microsecond}
	est := l.session(NewMeter(nil), 4000, 16000, 15, 0)
	if est[3] <= 0 {
		t.Fatalf("no estimate after four fragments: %.0f", est)
	}
	if est[3] < 50e6 || est[len(est)-1] > 400e6 {
		t.Errorf("estimates %.0f on a 400 Mbit/s link with 0.2 ms TTFB", est)
	}
}

// TestPoolTinyFragmentsSlowLink: the same fragments behind a 2 Mbit/s token bucket
// with 16 KiB of burst and 20 ms to first byte. The burst makes every small
// transfer of an idle link look instant; the estimate must not believe it: never
// above 1.1× the link (the pool counts after its first 16 KiB), close to it
// after the buffer filled, and unmoved by a minute of a full buffer's fetches.
func TestPoolTinyFragmentsSlowLink(t *testing.T) {
	const r = 2e6
	l := &bucketLink{bps: r, burst: 16 << 10, tokens: 16 << 10, ttfb: 20 * time.Millisecond}
	est := l.session(NewMeter(nil), 4000, 16000, 15, 30)
	t.Logf("estimates %.0f", est)
	for i, e := range est {
		if e > 1.1*r {
			t.Fatalf("fragment %d: estimate %.0f on a %.0f bit/s link", i, e, r)
		}
	}
	if e := est[14]; e < 0.6*r {
		t.Errorf("after the fill: %.0f on a %.0f bit/s link", e, r)
	}
	if last := est[len(est)-1]; last != est[14] {
		t.Errorf("a full buffer's bursts moved the estimate from %.0f to %.0f", est[14], last)
	}
}

// TestPoolMix: on a 3 Mbit/s link with 20 ms TTFB, fragments alternating between
// 60 KB and 5 KB (a scene that compresses well between two that do not): the
// small ones pool into samples as honest as the large ones.
func TestPoolMix(t *testing.T) {
	const r = 3e6
	l := &bucketLink{bps: r, burst: 16 << 10, tokens: 16 << 10, ttfb: 20 * time.Millisecond}
	m := NewMeter(nil)
	var now time.Duration
	for i := range 40 {
		n := int64(60_000)
		if i%4 != 0 {
			n = 5000
		}
		v := l.fetch(now, n, false)
		m.Observe(v)
		now = v.End + time.Millisecond
	}
	ts, est := m.Snapshot()
	pooled := 0
	for _, tr := range ts {
		if tr.Pooled > 0 {
			pooled++
			if v, _, _ := linkSample(tr, DefaultEstimatorConfig().MinBytes); v > 1.35*r || v < 0.4*r {
				t.Errorf("pooled sample of %d transfers: %.0f bit/s on a %.0f link", tr.Pooled, v, r)
			}
		} else if !tr.Audio && tr.Bytes < DefaultEstimatorConfig().MinBytes && tr.End < now-time.Second {
			t.Errorf("a small transfer at %v stayed in the window after its pool completed", tr.End)
		}
	}
	if pooled == 0 || est < 0.6*r || est > 1.2*r {
		t.Errorf("%d pooled samples, estimate %.0f on a %.0f bit/s link", pooled, est, r)
	}
}

// TestPoolNeedsAVideoTransfer: audio alone pools into nothing (it is no video
// sample) until a small video transfer joins the busy period, and an idle gap
// starts the pool again.
func TestPoolNeedsAVideoTransfer(t *testing.T) {
	m := NewMeter(nil)
	at := time.Second
	for range 10 {
		at += 10 * time.Millisecond
		m.Observe(Transfer{Audio: true, Level: -1, Bytes: 16000, Duration: 10 * time.Millisecond, End: at})
	}
	if m.Estimate() != 0 {
		t.Fatalf("audio alone gave an estimate: %.0f", m.Estimate())
	}
	m.Observe(Transfer{Level: 2, Bytes: 1000, Duration: 5 * time.Millisecond, End: at + 5*time.Millisecond})
	// 144 kB counted (the 16 KiB warm-up aside) over 95 ms: 12 Mbit/s.
	if e := m.Estimate(); e < 11e6 || e > 13e6 {
		t.Fatalf("with a small video transfer the period says %.0f", e)
	}
	var p pool
	p.add(Transfer{Bytes: 60_000, Duration: 10 * time.Millisecond, End: time.Second})
	if _, ok := p.add(Transfer{Bytes: 10_000, Duration: 10 * time.Millisecond, End: 2 * time.Second}); ok || p.warm != 10_000 {
		t.Errorf("after a second idle the pool warmed up %d bytes", p.warm)
	}
}

// TestFastFillFallback: with no sample at all (tiny transfers that never made a
// busy period long enough), a buffer at its target filling far faster than real
// time steps the engine up one level; below the target, or filling slowly, it
// keeps the start-up choice.
func TestFastFillFallback(t *testing.T) {
	tiny := func(took time.Duration) []Transfer {
		var ts []Transfer
		for i := range 6 {
			ts = append(ts, Transfer{Level: 1, Bytes: 3000, TTFB: took / 2, Duration: took, End: time.Duration(i+1) * 2 * time.Second})
		}
		return ts
	}
	in := Input{Ladder: Bitrates(300_000, 750_000, 1_500_000, 3_000_000), Current: 1, Buffer: 29 * time.Second,
		MaxBuffer: 30 * time.Second, ChunkDuration: 2 * time.Second, ChunksLeft: -1, CPULoad: -1, MaxLevel: -1}
	for _, c := range []struct {
		name   string
		buffer time.Duration
		took   time.Duration
		want   int
	}{
		{"at target, fast", 29 * time.Second, 5 * time.Millisecond, 2},
		{"below target", 20 * time.Second, 5 * time.Millisecond, 1},
		{"at target, slow", 29 * time.Second, 400 * time.Millisecond, 1},
	} {
		in.Buffer, in.Transfers = c.buffer, tiny(c.took)
		d := NewSmoothie(DefaultSmoothieConfig()).Select(in)
		if d.Level != c.want {
			t.Errorf("%s: level %d (%s), want %d", c.name, d.Level, d.Reason, c.want)
		}
	}
	in.Current = 3
	in.Buffer, in.Transfers = 29*time.Second, tiny(5*time.Millisecond)
	if d := NewSmoothie(DefaultSmoothieConfig()).Select(in); d.Level != 3 {
		t.Errorf("at the top: level %d (%s)", d.Level, d.Reason)
	}
}

// TestPoolRealShapedLog replays a real transfer log: `smoothie play` of
// ~1.2 KB video fragments and 33 KB audio fragments from `serve --rate 2Mbps`
// (its stats-json fragment lines: end, bytes, TTFB, time taken). The shaper sends
// in 16 KiB chunks, each after its tokens came in, so an audio fragment's first
// chunk arrives with its first byte, and a pool that starts during one must not
// count that chunk again: every pooled sample stays within 15 % above the link's
// rate (spreading such a transfer over its body only read 3.6 Mbit/s once).
func TestPoolRealShapedLog(t *testing.T) {
	const r = 2e6
	f, err := os.Open("testdata/pool-rate-2mbps.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := NewMeter(nil)
	sc := bufio.NewScanner(f)
	var samples []float64
	for sc.Scan() {
		var l struct {
			T      float64 `json:"t_s"`
			Kind   string  `json:"kind"`
			Rate   float64 `json:"bitrate"`
			Bytes  int64   `json:"bytes"`
			TTFB   float64 `json:"ttfb_ms"`
			TookMS float64 `json:"took_ms"`
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		ms := func(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }
		m.Observe(Transfer{Level: int(l.Rate / 1000), Audio: l.Kind != "video", Bytes: l.Bytes, TTFB: ms(l.TTFB),
			Duration: ms(l.TookMS), End: ms(l.T * 1000)})
		ts, _ := m.Snapshot()
		if p := ts[len(ts)-1]; p.Pooled > 0 && p.End == ms(l.T*1000) {
			v, _, _ := linkSample(p, DefaultEstimatorConfig().MinBytes)
			samples = append(samples, v)
		}
	}
	if len(samples) < 10 {
		t.Fatalf("%d pooled samples from the log: %v", len(samples), samples)
	}
	for i, v := range samples {
		if v > 1.15*r || v < 0.4*r {
			t.Errorf("pooled sample %d: %.2f Mbit/s on a %.0f Mbit/s link (all, bit/s: %.0f)", i+1, v/1e6, r/1e6, samples)
		}
	}
}
