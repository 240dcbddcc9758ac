package main

import (
	"fmt"
	"io"

	"github.com/smoothie-player/smoothie/player"
)

// playSinks are the outputs a play session renders to.
type playSinks struct {
	video player.VideoSink
	audio player.AudioSink
	// statusLines: nothing owns the terminal, so play prints a stats line per second.
	statusLines bool
}

func (s playSinks) close() {
	if s.video != nil {
		s.video.Close()
	}
	if s.audio != nil {
		s.audio.Close()
	}
}

// openSinks builds the sinks --video and --audio name. This build has the headless
// outputs only (frames decoded and timed, then discarded; the monotonic clock); the
// window, terminal and audio renderers plug in here.
func openSinks(video, audio string, stderr io.Writer) (playSinks, error) {
	switch video {
	case "none":
	case "auto":
		fmt.Fprintln(stderr, "smoothie play: video: none (no window or terminal renderer in this build)")
	default:
		return playSinks{}, fmt.Errorf("--video %q: want auto or none", video)
	}
	switch audio {
	case "none", "auto":
	default:
		return playSinks{}, fmt.Errorf("--audio %q: want auto or none", audio)
	}
	return playSinks{statusLines: true}, nil
}
