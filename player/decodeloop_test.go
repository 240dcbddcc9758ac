package player_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/origin"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/player/ffdec"
	"github.com/smoothie-player/smoothie/render/null"
)

// pixelCheck wraps a video decoder and counts the frames it hands out with and
// without planes, and the SetTimingOnly calls it forwards.
type pixelCheck struct {
	player.VideoDecoder
	withPlanes, bare, timingOnly *atomic.Int64
}

func (p pixelCheck) Receive() (*media.VideoFrame, error) {
	f, err := p.VideoDecoder.Receive()
	if f != nil {
		if f.Y != nil {
			p.withPlanes.Add(1)
		} else {
			p.bare.Add(1)
		}
	}
	return f, err
}

func (p pixelCheck) SetTimingOnly(on bool) {
	if on {
		p.timingOnly.Add(1)
	}
	p.VideoDecoder.(interface{ SetTimingOnly(bool) }).SetTimingOnly(on)
}

// TestNoVideoSinkNoPictures: without a video sink the session asks the decoder for
// timing-only frames (no picture copied out of FFmpeg) and still paces and counts
// every frame; with a sink every frame carries its picture.
func TestNoVideoSinkNoPictures(t *testing.T) {
	t.Parallel()
	for _, withSink := range []bool{false, true} {
		url, _ := serve(t, origin.Config{})
		var withPlanes, bare, timingOnly atomic.Int64
		cfg := player.Config{URL: url, PlayFor: 2 * time.Second, Logf: t.Logf}
		ffdec.Install(&cfg, ffdec.Options{Threads: 1})
		open := cfg.NewVideoDecoder
		cfg.NewVideoDecoder = func(c player.DecoderConfig) (player.VideoDecoder, error) {
			d, err := open(c)
			if err != nil {
				return nil, err
			}
			return pixelCheck{d, &withPlanes, &bare, &timingOnly}, nil
		}
		var sink *null.Video
		if withSink {
			sink = null.NewVideo()
			cfg.VideoSink = sink
		}
		s, err := player.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		err = s.Run(ctx)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		st := s.Stats()
		t.Logf("sink %v: %d frames decoded (%d with planes, %d without), %d shown, %d dropped, %d flushed",
			withSink, st.FramesDecoded, withPlanes.Load(), bare.Load(), st.FramesShown, st.FramesDropped, st.FramesFlushed)
		if st.FramesDecoded < 40 || st.FramesShown+st.FramesDropped+st.FramesFlushed != st.FramesDecoded {
			t.Errorf("sink %v: %d decoded, %d shown, %d dropped, %d flushed", withSink, st.FramesDecoded, st.FramesShown, st.FramesDropped, st.FramesFlushed)
		}
		switch {
		case !withSink && (timingOnly.Load() == 0 || withPlanes.Load() != 0 || bare.Load() != int64(st.FramesDecoded)):
			t.Errorf("no sink: SetTimingOnly called %d times, %d frames with planes, %d without of %d",
				timingOnly.Load(), withPlanes.Load(), bare.Load(), st.FramesDecoded)
		case withSink && (timingOnly.Load() != 0 || bare.Load() != 0 || sink.Stats().Bad != 0):
			t.Errorf("with a sink: SetTimingOnly called %d times, %d frames without planes, %d refused by the sink",
				timingOnly.Load(), bare.Load(), sink.Stats().Bad)
		}
	}
}
