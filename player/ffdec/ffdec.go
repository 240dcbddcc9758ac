// Package ffdec plugs the decode package's FFmpeg decoders into the player's decoder
// interfaces. It is the only bridge between player and decode: player itself never
// imports FFmpeg.
package ffdec

import (
	"errors"
	"time"

	"github.com/smoothie-player/smoothie/decode"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/smooth"
)

// Options sets decoding threads (0: one per core).
type Options struct {
	Threads int
}

// Install sets cfg's decoder factories and codec check to FFmpeg's. It also sets
// glibc's malloc for the process with decode.LimitMallocGrowth (which says why:
// without it a looped playback's RSS climbs by ~30 MB before levelling off).
func Install(cfg *player.Config, opts Options) {
	decode.LimitMallocGrowth()
	cfg.NewVideoDecoder = func(c smooth.CodecConfig) (player.VideoDecoder, error) { return NewVideo(c, opts) }
	cfg.NewAudioDecoder = NewAudio
	cfg.CheckCodec = decode.Check
}

// videoPool is how many frames a video decoder keeps for reuse: the player's queue
// to its presenter (12), the frame being shown and the few the decoder holds while
// its frame threads fill.
const videoPool = 20

// NewVideo opens an FFmpeg video decoder.
func NewVideo(cfg smooth.CodecConfig, opts Options) (player.VideoDecoder, error) {
	v, err := decode.NewVideo(cfg, decode.VideoOptions{Threads: opts.Threads, PoolSize: videoPool})
	if err != nil {
		return nil, err
	}
	return video{v}, nil
}

// NewAudio opens an FFmpeg audio decoder converting to out.
func NewAudio(cfg smooth.CodecConfig, out player.AudioFormat) (player.AudioDecoder, error) {
	a, err := decode.NewAudio(cfg, decode.AudioOptions{SampleRate: out.SampleRate, Channels: out.Channels, Format: out.Format})
	if err != nil {
		return nil, err
	}
	return audio{a}, nil
}

func needInput(err error) error {
	if errors.Is(err, decode.ErrNeedInput) {
		return player.ErrNeedInput
	}
	return err
}

type video struct{ *decode.Video }

func (v video) Receive() (*media.VideoFrame, error) {
	f, err := v.Video.Receive()
	return f, needInput(err)
}
func (v video) AvgFrameTime() time.Duration { return v.Stats().AvgFrame }

type audio struct{ *decode.Audio }

func (a audio) Receive() (*media.AudioBuffer, error) {
	b, err := a.Audio.Receive()
	return b, needInput(err)
}
func (a audio) AvgFrameTime() time.Duration { return a.Stats().AvgFrame }
