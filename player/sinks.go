// Package player is a playback session. A Source produces the presentation (the
// Smooth Streaming source: manifest fetch and refresh, tfrf, fragments over HTTP;
// or any other: Config.Source); the session plays a list of tracks, each with its
// own pipeline: a scheduler that keeps the buffer target ahead and asks the Policy
// for the level (deciding with the one bandwidth Meter), a loader with retries,
// backoff, a step down and gaps, a sample buffer, and the Renderer of its kind (a
// decoder through VideoDecoder or AudioDecoder and a presenter to the VideoSink or
// AudioSink). The session owns the playback clock and A/V sync, the state machine,
// seeking, looping, the live edge, stats and events, and the playback log upload;
// every wait it decides goes through its Clock (player/playertest runs it in
// virtual time).
//
// It must not import FFmpeg, ebiten or oto: decoders and sinks come in through the
// interfaces declared here (player/ffdec has FFmpeg's decoders, render the sinks).
package player

import (
	"context"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// VideoSink shows decoded video frames. The session calls Show when a frame's
// presentation time comes on the playback clock.
type VideoSink interface {
	// Show displays f now. The sink copies what it keeps before returning; the session
	// releases f to the decoder's pool afterwards.
	Show(f *media.VideoFrame) error
	Close() error
}

// AudioFormat is the PCM format a sink plays; the audio decoder converts to it.
type AudioFormat struct {
	SampleRate int
	Channels   int
	Format     media.SampleFormat
}

// AudioSink plays PCM and is the master clock while audio plays.
type AudioSink interface {
	// Format is the sink's fixed output format.
	Format() AudioFormat
	// Write queues a buffer; it blocks while the sink's queue is full and returns
	// ctx.Err() when ctx is done. The sink copies what it keeps.
	Write(ctx context.Context, b *media.AudioBuffer) error
	// Played returns the media time (the PTS) of the audio being heard now, and false
	// while nothing is playing (nothing queued yet, paused, or flushed).
	Played() (time.Duration, bool)
	// SetPaused pauses or resumes output; a paused sink's Played does not advance.
	SetPaused(paused bool)
	// Flush drops everything queued (for seeks and track switches).
	Flush()
	// SetVolume sets the gain, 0 (mute) to 1.
	SetVolume(v float64)
	Close() error
}
