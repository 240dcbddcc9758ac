package main

import (
	"strconv"
	"time"

	"github.com/smoothie-player/smoothie/player"
)

// keyControl turns key presses (from the window) into session commands.
type keyControl struct {
	s      *player.Session
	stop   func()
	volume float64
	muted  bool
	// overlay is the window's stats overlay (nil without a window).
	overlay *windowOverlay
}

func newKeyControl(s *player.Session, stop func()) *keyControl {
	return &keyControl{s: s, stop: stop, volume: 1}
}

// key handles one key: space pause, ←/→ seek 10 s, ↑/↓ volume (also +/-), m mute,
// 1–9 pin that level, 0 or a automatic quality, s the window's stats overlay, q or
// esc quit.
func (k *keyControl) key(name string) {
	switch name {
	case "space", "p":
		k.s.TogglePause()
	case "left":
		k.s.SeekBy(-10 * time.Second)
	case "right":
		k.s.SeekBy(10 * time.Second)
	case "up", "+", "=":
		k.volume = min(1, k.volume+0.1)
		k.s.SetVolume(k.volume)
	case "down", "-":
		k.volume = max(0, k.volume-0.1)
		k.s.SetVolume(k.volume)
	case "m":
		k.muted = !k.muted
		k.s.SetMuted(k.muted)
	case "0", "a":
		if q, err := player.ParseQuality("auto"); err == nil {
			k.s.SetQuality(q)
		}
	case "s":
		if k.overlay != nil {
			k.overlay.toggle()
		}
	case "q", "esc":
		k.stop()
	default:
		if n, err := strconv.Atoi(name); err == nil && n >= 1 && n <= 9 {
			if q, err := player.ParseQuality(name); err == nil {
				k.s.SetQuality(q)
			}
		}
	}
}
