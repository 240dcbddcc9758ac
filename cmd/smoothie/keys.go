package main

import (
	"time"

	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/tui"
	"github.com/smoothie-player/smoothie/tui/keymap"
)

// keyControl turns key presses (from the window) into session commands.
type keyControl struct {
	s      tui.Controller // the session
	stop   func()
	volume float64
	muted  bool
	// overlay is the window's stats overlay (nil without a window).
	overlay *windowOverlay
}

func newKeyControl(s tui.Controller, stop func()) *keyControl {
	return &keyControl{s: s, stop: stop, volume: 1}
}

// key handles one key as tui/keymap's table says. The window has no ladder cursor,
// ABR log or help screen: ↑/↓, enter, l and ? do nothing here (the panel answers
// them when it runs beside the window), nor f, which the window handles itself.
func (k *keyControl) key(name string) {
	switch a := keymap.Window(name); a {
	case keymap.Pause:
		k.s.TogglePause()
	case keymap.SeekBack:
		k.s.SeekBy(-10 * time.Second)
	case keymap.SeekForward:
		k.s.SeekBy(10 * time.Second)
	case keymap.VolumeUp:
		k.volume = min(1, k.volume+0.1)
		k.s.SetVolume(k.volume)
	case keymap.VolumeDown:
		k.volume = max(0, k.volume-0.1)
		k.s.SetVolume(k.volume)
	case keymap.Mute:
		k.muted = !k.muted
		k.s.SetMuted(k.muted)
	case keymap.Auto, keymap.Level:
		if a == keymap.Auto {
			name = "auto"
		}
		if q, err := player.ParseQuality(name); err == nil {
			k.s.SetQuality(q)
		}
	case keymap.Track:
		tui.NextAudio(k.s, k.s.Stats().Audio)
	case keymap.Text:
		k.s.CycleText()
	case keymap.NextChapter:
		k.s.NextChapter()
	case keymap.PrevChapter:
		k.s.PrevChapter()
	case keymap.Stats:
		if k.overlay != nil {
			k.overlay.toggle()
		}
	case keymap.Quit:
		k.stop()
	}
}

// routeKey hands a key pressed in the window to the panel when one runs, so that
// both answer the same keys, and to ctl otherwise; the stats key (s: the window's
// overlay) stays with the window.
func routeKey(k string, panel *playPanel, ctl *keyControl) {
	if keymap.Window(k) == keymap.Stats || !panel.key(k) {
		ctl.key(k)
	}
}

// sendKey queues a key press on keys, or drops it when the queue is full: a key
// must not block the window or playback.
func sendKey(keys chan<- string, k string) {
	select {
	case keys <- k:
	default:
	}
}
