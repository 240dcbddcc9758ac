package main

import (
	"strings"

	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/tui"
)

// windowOverlay is the stats overlay of the video window: s pressed in the window
// toggles it; while it is on, refresh (every second) sends the window fresh figures.
// A video that cannot play is said on the window for the whole session, above the
// overlay when it is on.
type windowOverlay struct {
	set   func(text string) // the window's SetOverlay
	stats func() player.Stats
	on    bool
	last  string // the text last set
}

func (o *windowOverlay) toggle() {
	o.on = !o.on
	o.refresh()
}

func (o *windowOverlay) refresh() {
	st := o.stats()
	var lines []string
	if st.VideoUnavailable != "" {
		lines = append(lines, videoUnavailable(st))
	}
	if o.on {
		lines = append(lines, tui.Overlay(st))
	}
	if text := strings.Join(lines, "\n"); text != o.last {
		o.set(text)
		o.last = text
	}
}
