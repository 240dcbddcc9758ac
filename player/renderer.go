package player

import (
	"context"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// Renderer is what a kind of track adds to a pipeline after the track's scheduler,
// loader and sample buffer: its decoding and presenting stages (the video kind's
// decoder and frame presenter, the audio kind's decoder and PCM writer). A pipeline
// starts one per track and stops them all on a seek or a track switch. Adding a kind
// of track means implementing Renderer and naming it in newRenderer; its methods
// stay inside package player until the text kind (the next one) settles what a
// renderer outside it needs from a track.
type Renderer interface {
	// start runs the stages of t until ctx is done or t's samples end; each stage
	// is a goroutine started through run.
	start(ctx context.Context, s *Session, t *track, run func(func()))
	// stop gives back what the stages held and closes the decoder, once their
	// goroutines have returned.
	stop(s *Session)
}

// newRenderer returns the stages of a track of kind k, or nil for a kind that is
// not played. Outputs that end by skip are left out (a pipeline resumed mid-way);
// skip < 0 leaves out nothing.
func newRenderer(k media.Kind, skip time.Duration) Renderer {
	switch k {
	case media.KindVideo:
		r := newVideoRenderer()
		r.skip = skip
		return r
	case media.KindAudio:
		r := newAudioRenderer()
		r.skip = skip
		return r
	}
	return nil
}
