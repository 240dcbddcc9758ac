package playertest_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/player/playertest"
)

// TestWrongKey: in a protected presentation the first decoded outputs judge the key.
// Pictures the decoder flags damaged end the session as a wrong key after 12, and none
// of them is shown meanwhile; audio the decoder refuses does the same where no video
// judges its KID (audio only, or audio under a KID of its own); audio refused beside
// video that decodes clean under the same KID is the stream's fault, not the key's.
func TestWrongKey(t *testing.T) {
	const kid = "0123456789abcdef0123456789abcdef"
	one := "encrypted (cenc, KID " + kid + ")"
	all := func(media.Sample) bool { return true }
	for _, tc := range []struct {
		name  string
		src   playertest.SourceConfig
		dec   playertest.DecoderOptions
		want  string // the session's error; "" plays on
		shown func(n int) bool
	}{
		{"pictures damaged", playertest.SourceConfig{Video: []int{300_000}, Audio: []string{"en"}, Protection: one, VideoKID: kid, AudioKID: kid},
			playertest.DecoderOptions{VideoDamaged: all}, "wrong key for KID " + kid + ": 12 of the first 12 decrypted pictures decode damaged", func(n int) bool { return n == 0 }},
		{"pictures damaged, clear presentation", playertest.SourceConfig{Video: []int{300_000}, Audio: []string{"en"}, Chunks: 5},
			playertest.DecoderOptions{VideoDamaged: all}, "", func(n int) bool { return n == 250 }},
		{"audio only, refused", playertest.SourceConfig{Audio: []string{"en"}, Protection: one, VideoKID: kid, AudioKID: kid},
			playertest.DecoderOptions{AudioCorrupt: all}, "wrong key for KID " + kid + ": 12 of the first 12 decrypted audio frames fail to decode", nil},
		{"audio under its own KID, refused", playertest.SourceConfig{Video: []int{300_000}, Audio: []string{"en"}, Chunks: 5,
			Protection: "encrypted (cenc, video KID " + kid + ", audio KID ffffffffffffffffffffffffffffffff)", VideoKID: kid, AudioKID: "ffffffffffffffffffffffffffffffff"},
			playertest.DecoderOptions{AudioCorrupt: all}, "wrong key for KID ffffffffffffffffffffffffffffffff: 12 of the first 12 decrypted audio frames", nil},
		{"audio refused beside clean video, one KID", playertest.SourceConfig{Video: []int{300_000}, Audio: []string{"en"}, Chunks: 5, Protection: one, VideoKID: kid, AudioKID: kid},
			playertest.DecoderOptions{AudioCorrupt: all}, "", func(n int) bool { return n == 250 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := playertest.NewClock()
			var st player.Stats
			var err error
			var shown int
			playertest.Run(t, clk, 2*time.Minute, func(ctx context.Context) {
				video := playertest.NewVideoSink(clk)
				cfg := player.Config{Source: playertest.NewSource(tc.src), Clock: clk,
					VideoSink: video, AudioSink: playertest.NewAudioSink(clk, playertest.AudioSinkOptions{})}
				playertest.Install(&cfg, tc.dec)
				s, nerr := player.New(cfg)
				if nerr != nil {
					t.Fatal(nerr)
				}
				err = s.Run(ctx)
				st, shown = s.Stats(), len(video.Shown())
			})
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("failed: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want %q", err, tc.want)
			}
			if tc.shown != nil && !tc.shown(shown) {
				t.Errorf("%d pictures shown (%d decoded, %d damaged)", shown, st.FramesDecoded, st.FramesDamaged)
			}
			if tc.want != "" && st.Errors > 12 {
				t.Errorf("%d errors counted: a wrong key is one verdict, not a stream of decoder errors", st.Errors)
			}
		})
	}
}
