package playertest_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/origin"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/player/playertest"
)

// The tests in this file run a real player.Session on the kit, fed by the origin's
// handler through an in-memory http.RoundTripper (no socket): the kit's check on the
// real player, and its timing. When the Source seam lands they move to the fake
// source, which leaves out the HTTP and origin work (half of the CPU time here).

// memTransport answers requests from h in the calling goroutine, no socket, and
// takes the virtual time a link of bps would take.
type memTransport struct {
	h   http.Handler
	clk *playertest.Clock
	bps int64
}

func (m memTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	m.h.ServeHTTP(rec, r)
	res := rec.Result()
	n := int64(rec.Body.Len())
	if m.bps > 0 {
		m.clk.Sleep(20*time.Millisecond + time.Duration(n*8*int64(time.Second)/m.bps))
	}
	res.Body = io.NopCloser(bytes.NewReader(rec.Body.Bytes()))
	res.Request = r
	return res, nil
}

// playDemo plays the repository's demo presentation for a minute in a real
// player.Session on the kit: fake decoders, recording sinks, virtual time.
func playDemo(t *testing.T, clk *playertest.Clock, pin player.Quality) (string, player.Stats) {
	o, err := origin.New(origin.Config{Dir: filepath.Join("..", "..", "testdata", "demo")})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	var log string
	var st player.Stats
	playertest.Run(t, clk, 3*time.Minute, func(ctx context.Context) {
		cfg := player.Config{URL: "http://origin.test/demo.ism/Manifest", Clock: clk,
			Transport: memTransport{o, clk, 5_000_000}, PlayFor: time.Minute, Loop: true, Quality: pin,
			VideoSink: playertest.NewVideoSink(clk), AudioSink: playertest.NewAudioSink(clk, playertest.AudioSinkOptions{})}
		playertest.Install(&cfg, playertest.DecoderOptions{Reorder: 2, VideoFrameTime: 2 * time.Millisecond})
		s, err := player.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		l, stop := playertest.Subscribe(s, 0)
		if err := s.Run(ctx); err != nil {
			t.Error(err)
		}
		stop()
		log, st = l.String(), s.Stats()
	})
	return log, st
}

// TestDemoSession plays a looped minute of the demo with the default policy, twice:
// the event logs agree with each other and with testdata/demo.golden.
func TestDemoSession(t *testing.T) { demoSession(t, "demo", player.Quality{}) }

// TestDemoSessionLowest: the same with the lowest level pinned (less data to move).
func TestDemoSessionLowest(t *testing.T) { demoSession(t, "demo-lowest", player.Quality{Level: 1}) }

func demoSession(t *testing.T, golden string, pin player.Quality) {
	var logs []string
	playertest.Timed(t, func(t *testing.T) uint64 {
		clk := playertest.NewClock()
		l, st := playDemo(t, clk, pin)
		logs = append(logs, l)
		if len(logs) == 1 {
			t.Logf("%d fires, %v virtual; played %v, %d frames shown, %d dropped, state %v", clk.Fires(), clk.Elapsed(), st.Played, st.FramesShown, st.FramesDropped, st.State)
		}
		return clk.Fires()
	})
	if len(logs) > 1 {
		return // a benchmark's runs
	}
	clk := playertest.NewClock()
	l, _ := playDemo(t, clk, pin)
	if d := playertest.FirstDiff(logs[0], l); d != "" {
		t.Errorf("two runs differ: %s", d)
	}
	playertest.Golden(t, golden, l)
}

// BenchmarkDemoMinute and BenchmarkDemoMinuteLowest: wall time per simulated minute
// of a real session on the kit (ns/op), at the policy's levels and pinned lowest.
func BenchmarkDemoMinute(b *testing.B)       { playertest.Bench(b, "TestDemoSession") }
func BenchmarkDemoMinuteLowest(b *testing.B) { playertest.Bench(b, "TestDemoSessionLowest") }
