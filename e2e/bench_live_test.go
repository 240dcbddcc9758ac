package e2e

import (
	"context"
	"testing"
	"time"
)

// The `make bench-live` benchmarks: live latency against its floor, the fragment
// duration × the tfrf lookahead (an origin names a fragment in the manifest only once
// its lookahead successors exist), each measured in the same run.

// reportLatency reports a latency in seconds and as a ratio to the floor.
func reportLatency(b *testing.B, name string, d, floor time.Duration) {
	b.ReportMetric(d.Seconds(), name+"_s")
	b.ReportMetric(d.Seconds()/floor.Seconds(), name+"/floor")
}

// BenchmarkLiveIngestLatency: glass-to-glass style latency of an FFmpeg push (`ffmpeg
// -re`, 2 s fragments) played by smoothie at the default target (3 fragments): the wall
// time a frame is presented less the wall time the encoder captured it (the push's
// first byte at the origin plus the frame's media time), and the player's own latency
// to the live edge.
func BenchmarkLiveIngestLatency(b *testing.B) {
	floor := pushFragment * pushLookahead
	for range b.N {
		r := runIngest(b, 24*time.Second)
		if r.err != nil || r.encErr != nil || r.pushStart.IsZero() {
			b.Fatalf("play: %v; ffmpeg: %v %s\n%s", r.err, r.encErr, r.encOut, r.out)
		}
		g := r.glassToGlass()
		var lat []time.Duration
		for _, s := range playing(r.samples, 0) {
			lat = append(lat, s.latency)
		}
		if len(g) < 8 {
			b.Fatalf("%d samples while playing:\n%s", len(g), r.out)
		}
		b.Logf("glass-to-glass %v, latency to the edge %v (target %v), floor %v", mean(g).Round(time.Millisecond),
			mean(lat).Round(time.Millisecond), r.samples[len(r.samples)-1].target, floor)
		reportLatency(b, "glass", mean(g), floor)
		reportLatency(b, "edge", mean(lat), floor)
	}
}

// BenchmarkLiveEdgeLatency: `smoothie play` on `smoothie serve --live` (the demo as a
// live channel, 2 s fragments, lookahead 2) at the default target: its steady latency
// to the live edge, and how far its media clock (the channel's fragment times count
// from the --live-epoch given) trails the wall clock.
func BenchmarkLiveEdgeLatency(b *testing.B) {
	const frag = 2 * time.Second
	floor := frag * 2
	for range b.N {
		epoch := time.Now().Add(-time.Minute).Truncate(time.Second)
		o := startServe(b, "--live", "--dvr", "30s", "--live-epoch", epoch.UTC().Format(time.RFC3339), "--access-log", "", demoDir)
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		samples, out, err := playLive(ctx, b, o.URL+"/demo.isml/Manifest", "--audio", "none", "--for", "20s")
		cancel()
		if err != nil {
			b.Fatalf("smoothie play: %v\n%s", err, out)
		}
		steady := playing(samples, 5*time.Second)
		if len(steady) < 8 {
			b.Fatalf("%d steady samples:\n%s", len(steady), out)
		}
		var lat, wall []time.Duration
		for _, s := range steady {
			lat = append(lat, s.latency)
			wall = append(wall, s.wall.Sub(epoch.Add(s.media)))
		}
		b.Logf("latency to the edge %v, media clock %v behind the wall clock (target %v), floor %v", mean(lat).Round(time.Millisecond),
			mean(wall).Round(time.Millisecond), steady[0].target, floor)
		reportLatency(b, "edge", mean(lat), floor)
		reportLatency(b, "wall", mean(wall), floor)
	}
}
