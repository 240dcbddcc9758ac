package main

import (
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/tui"
)

// windowOverlay is the stats overlay of the video window: s pressed in the window
// toggles it; while it is on, refresh (every second) sends the window fresh figures.
type windowOverlay struct {
	set   func(text string) // the window's SetOverlay
	stats func() player.Stats
	on    bool
}

func (o *windowOverlay) toggle() {
	o.on = !o.on
	if !o.on {
		o.set("")
	}
	o.refresh()
}

func (o *windowOverlay) refresh() {
	if o.on {
		o.set(tui.Overlay(o.stats()))
	}
}
