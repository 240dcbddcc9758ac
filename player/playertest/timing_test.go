package playertest_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/player/playertest"
)

// sessionLike plays a minute the way a session does, on the kit's own parts: a
// video decoder goroutine handing frames of 40 ms (25 fps) through a queue to a
// presenter that waits for each frame's time on the clock and shows it, an audio
// decoder goroutine writing 1024-sample buffers (21.3 ms at 48 kHz) into the audio
// sink that plays on the clock, a downloader fetching a 2 s fragment per track
// with a 300 ms transfer, and a 100 ms housekeeping tick. It returns the log.
func sessionLike(ctx context.Context, clk *playertest.Clock, length time.Duration) *playertest.EventLog {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	log := &playertest.EventLog{}
	var cfg player.Config
	decs := playertest.Install(&cfg, playertest.DecoderOptions{Reorder: 2, VideoFrameTime: 2 * time.Millisecond})
	vsink := playertest.NewVideoSink(clk)
	asink := playertest.NewAudioSink(clk, playertest.AudioSinkOptions{})
	vdec, _ := cfg.NewVideoDecoder(player.DecoderConfig{Kind: media.KindVideo, Codec: media.CodecH264, Width: 1280, Height: 720})
	adec, _ := cfg.NewAudioDecoder(player.DecoderConfig{Kind: media.KindAudio, Codec: media.CodecAAC, SampleRate: 48000, Channels: 2}, asink.Format())
	_ = decs

	// Fragments arrive from the downloader, 2 s of each track at a time.
	vfrag, afrag := make(chan time.Duration, 2), make(chan time.Duration, 2)
	frames := make(chan *media.VideoFrame, 12)
	var wg sync.WaitGroup
	wg.Go(func() { // downloader
		defer close(vfrag)
		defer close(afrag)
		for start := time.Duration(0); start < length; start += 2 * time.Second {
			for _, k := range []struct {
				kind media.Kind
				ch   chan time.Duration
			}{{media.KindVideo, vfrag}, {media.KindAudio, afrag}} {
				if !sleep(ctx, clk, 300*time.Millisecond) {
					return
				}
				log.Add(player.FragmentEvent{At: player.At(clk.Elapsed()), Kind: k.kind, Bitrate: 800000, Start: start, Duration: 2 * time.Second})
				select {
				case k.ch <- start:
				case <-ctx.Done():
					return
				}
			}
		}
	})
	wg.Go(func() { // video decoder
		defer close(frames)
		for start := range vfrag {
			for i := range 50 {
				s := media.Sample{Time: uint64(start/100) + uint64(i)*400_000, Duration: 400_000, Timescale: 10_000_000, Keyframe: i == 0}
				vdec.Send(s)
				for {
					f, err := vdec.Receive()
					if err != nil {
						break
					}
					select {
					case frames <- f:
					case <-ctx.Done():
						return
					}
				}
			}
		}
	})
	wg.Go(func() { // video presenter
		for f := range frames {
			if !sleep(ctx, clk, f.PTS-clk.Elapsed()) {
				return
			}
			vsink.Show(f)
			vdec.Release(f)
		}
	})
	wg.Go(func() { // audio decoder and writer
		const frame = 213333 // 1024 samples at 48 kHz in 100 ns units
		for start := range afrag {
			for t := uint64(start / 100); t < uint64((start+2*time.Second)/100); t += frame {
				adec.Send(media.Sample{Time: t, Duration: frame, Timescale: 10_000_000, Keyframe: true})
				b, err := adec.Receive()
				if err != nil {
					continue
				}
				if asink.Write(ctx, b) != nil {
					return
				}
				adec.Release(b)
			}
		}
	})
	wg.Go(func() { // housekeeping tick, till the end
		for clk.Elapsed() < length {
			if !sleep(ctx, clk, 100*time.Millisecond) {
				return
			}
		}
		log.AddLine("t=" + playertest.FormatDuration(clk.Elapsed()) + " end")
	})
	wg.Wait()
	shown := vsink.Shown()
	log.AddLine("shown " + playertest.FormatDuration(time.Duration(len(shown))*40*time.Millisecond) +
		" of video, last at t=" + playertest.FormatDuration(shown[len(shown)-1].At))
	return log
}

func sleep(ctx context.Context, clk *playertest.Clock, d time.Duration) bool {
	t := clk.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C():
		return true
	case <-ctx.Done():
		return false
	}
}

// TestSimulatedMinute plays sessionLike for a minute, twice: the logs agree.
func TestSimulatedMinute(t *testing.T) {
	var logs []string
	playertest.Timed(t, func(t *testing.T) uint64 {
		clk := playertest.NewClock()
		playertest.Run(t, clk, 2*time.Minute, func(ctx context.Context) {
			logs = append(logs, sessionLike(ctx, clk, time.Minute).String())
		})
		return clk.Fires()
	})
	if len(logs) > 1 {
		return // a benchmark's runs
	}
	clk := playertest.NewClock()
	playertest.Run(t, clk, 2*time.Minute, func(ctx context.Context) {
		logs = append(logs, sessionLike(ctx, clk, time.Minute).String())
	})
	if d := playertest.FirstDiff(logs[0], logs[1]); d != "" {
		t.Fatalf("two runs differ: %s", d)
	}
	playertest.Golden(t, "minute", logs[0])
}

// BenchmarkSimulatedMinute: wall time per simulated minute of sessionLike (ns/op).
func BenchmarkSimulatedMinute(b *testing.B) { playertest.Bench(b, "TestSimulatedMinute") }

// TestFireCost: the cost of one fire and the synctest.Wait after it, with one
// goroutine waking 10000 times.
func TestFireCost(t *testing.T) {
	playertest.Timed(t, func(t *testing.T) uint64 {
		clk := playertest.NewClock()
		playertest.Run(t, clk, 0, func(ctx context.Context) {
			for range 10000 {
				clk.Sleep(time.Millisecond)
			}
		})
		return clk.Fires()
	})
}

// BenchmarkFire: wall time per fire of TestFireCost (ns/fire).
func BenchmarkFire(b *testing.B) { playertest.Bench(b, "TestFireCost") }
