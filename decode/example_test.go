package decode_test

import (
	"errors"
	"io"
	"log"

	"github.com/smoothie-player/smoothie/decode"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// A player's video loop: send each sample, receive what is ready, hand frames to a
// sink that releases them; on a level switch reconfigure; at the end flush.
func ExampleVideo() {
	var (
		cfg     smooth.CodecConfig // from the manifest's QualityLevel
		next    smooth.CodecConfig // another level's
		samples []media.Sample     // from the fragments, in decode order
		show    = func(*media.VideoFrame) {}
	)
	v, err := decode.NewVideo(cfg, decode.VideoOptions{Threads: 2})
	if err != nil {
		log.Print(err) // e.g. "decode: h264: bad extradata: avcC version 0, want 1 (…)"
		return
	}
	defer v.Close()
	drain := func() {
		for {
			f, err := v.Receive()
			if errors.Is(err, decode.ErrNeedInput) || err == io.EOF {
				return
			}
			if err != nil { // ErrCorrupt: counted, the decoder resumes at the next keyframe
				continue
			}
			show(f)
			v.Release(f)
		}
	}
	for i, s := range samples {
		if i == len(samples)/2 {
			if err := v.Reconfigure(next); err != nil {
				log.Print(err)
			}
		}
		if err := v.Send(s); err != nil {
			log.Print(err)
		}
		drain()
	}
	if err := v.Flush(); err == nil {
		drain()
	}
	log.Printf("avg decode time per frame %v", v.Stats().AvgFrame)
}

// Audio for a 48 kHz stereo float sink, whatever the stream's own format.
func ExampleAudio() {
	var cfg smooth.CodecConfig
	a, err := decode.NewAudio(cfg, decode.AudioOptions{SampleRate: 48000, Channels: 2, Format: media.SampleFloat32})
	if err != nil {
		log.Print(err)
		return
	}
	defer a.Close()
	// Same protocol as Video: Send, Receive until ErrNeedInput, Release each buffer.
}
