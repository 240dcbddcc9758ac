package playertest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/player/playertest"
)

const ms = time.Millisecond

func pcm(pts time.Duration, d time.Duration) *media.AudioBuffer {
	frames := int(d * 48000 / time.Second)
	return &media.AudioBuffer{Format: media.SampleFloat32, SampleRate: 48000, Channels: 2, F32: make([]float32, 2*frames), PTS: pts}
}

func TestAudioSinkPlaysOnTheClock(t *testing.T) {
	clk := playertest.NewClock()
	sink := playertest.NewAudioSink(clk, playertest.AudioSinkOptions{})
	type probe struct {
		at     time.Duration
		played time.Duration
		ok     bool
	}
	var probes []probe
	playertest.Run(t, clk, time.Minute, func(ctx context.Context) {
		done := make(chan struct{})
		go func() { // the decoder side: 20 buffers of 20 ms from PTS 5 s
			defer close(done)
			for i := range 20 {
				if err := sink.Write(ctx, pcm(5*time.Second+time.Duration(i)*20*ms, 20*ms)); err != nil {
					t.Error(err)
					return
				}
			}
		}()
		look := func() {
			p, ok := sink.Played()
			probes = append(probes, probe{clk.Elapsed(), p, ok})
		}
		clk.Sleep(0) // the writer runs first: the driver fires this once it is blocked
		look()
		clk.Sleep(50 * ms)
		look()
		sink.SetPaused(true)
		clk.Sleep(30 * ms)
		look()
		sink.SetPaused(false)
		clk.Sleep(10 * ms)
		look()
		sink.SetVolume(0.5)
		<-done
		look()
		clk.Sleep(200 * ms)
		look()
		sink.Flush()
	})
	want := []probe{
		{0, 5 * time.Second, true},               // the first buffer starts at once
		{50 * ms, 5*time.Second + 50*ms, true},   // plays at the clock's pace
		{80 * ms, 0, false},                      // paused
		{90 * ms, 5*time.Second + 60*ms, true},   // resumed where it stopped
		{330 * ms, 5*time.Second + 300*ms, true}, // the last Write got room when 100 ms were left
		{530 * ms, 0, false},                     // all played
	}
	if fmt.Sprint(probes) != fmt.Sprint(want) {
		t.Fatalf("probes\n got %v\nwant %v", probes, want)
	}
	w := sink.Written()
	if len(w) != 20 || w[4].At != 0 || w[5].At != 20*ms || w[19].At != 330*ms {
		t.Errorf("written %v", w)
	}
	calls := strings.Join(sink.Calls(), "; ")
	if calls != "t=0.050s pause true; t=0.080s pause false; t=0.090s volume 0.50; t=0.530s flush" || sink.Volume() != 0.5 {
		t.Errorf("calls %q", calls)
	}
}

func TestAudioSinkWriteUnblocksOnFlushAndCancel(t *testing.T) {
	clk := playertest.NewClock()
	sink := playertest.NewAudioSink(clk, playertest.AudioSinkOptions{Queue: 40 * ms})
	playertest.Run(t, clk, time.Minute, func(ctx context.Context) {
		sink.SetPaused(true) // nothing plays out: the third Write blocks until the flush
		for i := range 2 {
			sink.Write(ctx, pcm(time.Duration(i)*20*ms, 20*ms))
		}
		go func() { clk.Sleep(time.Second); sink.Flush() }()
		if err := sink.Write(ctx, pcm(40*ms, 20*ms)); err != nil || clk.Elapsed() != time.Second {
			t.Errorf("Write: %v at %v, want room at the flush (1s)", err, clk.Elapsed())
		}
		wctx, cancel := context.WithCancel(ctx)
		sink.Write(wctx, pcm(60*ms, 20*ms))
		go func() { clk.Sleep(time.Second); cancel() }()
		if err := sink.Write(wctx, pcm(80*ms, 20*ms)); err != context.Canceled {
			t.Errorf("Write: %v, want its context's error", err)
		}
	})
}

func TestVideoSinkRecords(t *testing.T) {
	clk := playertest.NewClock()
	sink := playertest.NewVideoSink(clk)
	var _ player.VideoSink = sink
	clk.Advance(time.Second)
	sink.Show(&media.VideoFrame{PTS: 40 * ms, Keyframe: true})
	sink.Close()
	if s := sink.Shown(); len(s) != 1 || s[0] != (playertest.Shown{PTS: 40 * ms, At: time.Second, Keyframe: true}) || !sink.Closed() {
		t.Fatalf("shown %+v", s)
	}
}
