package playertest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/player/playertest"
)

// TestVideoUnavailable: a presentation whose video has no playable level plays its
// audio to the end, and Stats.VideoUnavailable says why for the whole session; an
// audio-only presentation, and a session without a video decoder (the player's
// --video none), say nothing.
func TestVideoUnavailable(t *testing.T) {
	why := errors.New(`video stream "video" level Index=0 (300000 bit/s): unusable level: HEVC CodecPrivateData has 0 VPS, 1 SPS, 1 PPS`)
	for _, tc := range []struct {
		name    string
		src     playertest.SourceConfig
		noVideo bool
		want    string
	}{
		{"no playable level", playertest.SourceConfig{VideoErr: why, Audio: []string{"en"}, Chunks: 5}, false, why.Error()},
		{"audio only", playertest.SourceConfig{Audio: []string{"en"}, Chunks: 5}, false, ""},
		{"no video decoder", playertest.SourceConfig{VideoErr: why, Audio: []string{"en"}, Chunks: 5}, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := playertest.NewClock()
			var st player.Stats
			var during []string
			playertest.Run(t, clk, time.Minute, func(ctx context.Context) {
				cfg := player.Config{Source: playertest.NewSource(tc.src), Clock: clk,
					VideoSink: playertest.NewVideoSink(clk), AudioSink: playertest.NewAudioSink(clk, playertest.AudioSinkOptions{})}
				playertest.Install(&cfg, playertest.DecoderOptions{})
				if tc.noVideo {
					cfg.NewVideoDecoder = nil
				}
				s, err := player.New(cfg)
				if err != nil {
					t.Fatal(err)
				}
				polled := make(chan struct{})
				go func() {
					defer close(polled)
					for i := 0; i < 3; i++ {
						clk.Sleep(3 * time.Second)
						during = append(during, s.Stats().VideoUnavailable)
					}
				}()
				if err := s.Run(ctx); err != nil {
					t.Fatal(err)
				}
				<-polled
				st = s.Stats()
			})
			if st.VideoUnavailable != tc.want || st.Played < 9*time.Second || st.FramesDecoded != 0 {
				t.Errorf("video unavailable %q (want %q), played %v, %d frames", st.VideoUnavailable, tc.want, st.Played, st.FramesDecoded)
			}
			for i, d := range during {
				if d != tc.want {
					t.Errorf("at %ds: video unavailable %q, want %q", 3*(i+1), d, tc.want)
				}
			}
		})
	}
}
