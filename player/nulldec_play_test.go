package player_test

import (
	"context"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/origin"
	"github.com/smoothie-player/smoothie/player"
)

// TestNullDecodersPlayAsFFmpeg: a session that decodes nothing and keeps no media
// (NullDecoders, DiscardMedia: the virtual viewer of `smoothie load`) fetches,
// paces and counts the presentation as a session decoding it with FFmpeg does.
func TestNullDecodersPlayAsFFmpeg(t *testing.T) {
	t.Parallel()
	url, _ := serve(t, origin.Config{})
	real := play(t, player.Config{URL: url, Policy: &abr.Throughput{}}, nil)
	cfg := player.Config{URL: url, Policy: &abr.Throughput{}, DiscardMedia: true, Logf: t.Logf}
	player.NullDecoders(&cfg)
	s, err := player.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := s.Run(ctx); err != nil {
		t.Fatal(err)
	}
	null, ff := s.Stats(), real.stats
	t.Logf("null: %d frames decoded, %d shown, %d dropped, audio %v, %d fragments, %d bytes; FFmpeg: %d, %d, %d, audio %v, %d, %d",
		null.FramesDecoded, null.FramesShown, null.FramesDropped, null.AudioDecoded, null.Fragments, null.Bytes,
		ff.FramesDecoded, ff.FramesShown, ff.FramesDropped, ff.AudioDecoded, ff.Fragments, ff.Bytes)
	if null.State != player.StateEnded || null.Errors != 0 || null.Stalls != 0 {
		t.Errorf("null session: state %v, %d errors (%s), %d stalls", null.State, null.Errors, null.LastError, null.Stalls)
	}
	if null.FramesDecoded != ff.FramesDecoded || null.FramesShown+null.FramesDropped+null.FramesFlushed != null.FramesDecoded {
		t.Errorf("null session: %d frames decoded (%d shown, %d dropped, %d flushed), FFmpeg %d", null.FramesDecoded,
			null.FramesShown, null.FramesDropped, null.FramesFlushed, ff.FramesDecoded)
	}
	if d := null.AudioDecoded - ff.AudioDecoded; d < -50*time.Millisecond || d > 50*time.Millisecond {
		t.Errorf("null session decoded %v of audio, FFmpeg %v", null.AudioDecoded, ff.AudioDecoded)
	}
	if null.Fragments != ff.Fragments || null.Bytes != ff.Bytes {
		t.Errorf("null session: %d fragments, %d bytes; FFmpeg %d, %d", null.Fragments, null.Bytes, ff.Fragments, ff.Bytes)
	}
}
