// Package tui is the terminal panel of `smoothie play`: state and position, the
// video quality ladder with pinning, throughput and buffer charts, decoding figures,
// the ABR decision log and help, as one bubbletea model tree.
//
// It reads the player only through a Stats snapshot polled on a tick and the
// session's event stream, and commands it only through Controller: it never
// touches buffers or decoders, never blocks the player, and writes nothing but
// the screen (diagnostics belong in the play log file).
package tui

import (
	"time"

	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/render/term"
)

// Controller is what the panel needs of a playback session; *player.Session
// satisfies it.
type Controller interface {
	Stats() player.Stats
	TogglePause()
	SeekBy(d time.Duration)
	SetQuality(q player.Quality)
	SetVolume(v float64)
	SetMuted(m bool)
	// AudioTracks lists the audio streams as "name (language)"; SelectAudio picks
	// one by its index in that list.
	AudioTracks() []string
	SelectAudio(i int)
	// CycleText shows the next text track (subtitles), after the last none.
	CycleText()
	// NextChapter and PrevChapter seek to the next chapter and to the start of the
	// current one (the one before near its start): Stats.Chapters.
	NextChapter()
	PrevChapter()
}

// Options configure the panel.
type Options struct {
	// URL is the manifest played, shown in the header.
	URL string
	// Outputs names the video and audio sinks in use, e.g. "video: window, audio: sound device".
	Outputs string
	// Interval is the stats polling period (default 250 ms, 4 Hz).
	Interval time.Duration
	// SeekStep is how far ←/→ seek (default 10 s).
	SeekStep time.Duration
	// LogSize bounds the ABR decision log (default 500 entries).
	LogSize int
	// Video, when set, is the terminal video sharing the screen: it gets the rows
	// above a compact panel, and all but one row with the panel hidden (s/v).
	Video VideoArea
	// Keys are key presses from another input (the video window), by render/window's
	// names; the panel handles them as if typed on the terminal.
	Keys <-chan string
	// Stats, when set, is what the stats key (s, v) does without terminal video:
	// play shows and hides the video window's stats overlay with it.
	Stats func()
}

// VideoArea is terminal video drawing into a region of the panel's screen;
// *render/term.Sink satisfies it.
type VideoArea interface {
	// SetRegion moves or resizes where the video is drawn.
	SetRegion(r term.Rect)
	// Repaint redraws the whole region with the next frame (after the panel's
	// renderer wrote over rows that are now video).
	Repaint()
}

func (o Options) withDefaults() Options {
	if o.Interval <= 0 {
		o.Interval = 250 * time.Millisecond
	}
	if o.SeekStep <= 0 {
		o.SeekStep = 10 * time.Second
	}
	if o.LogSize <= 0 {
		o.LogSize = 500
	}
	return o
}
