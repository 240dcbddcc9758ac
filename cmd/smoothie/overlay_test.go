package main

import (
	"testing"

	"github.com/smoothie-player/smoothie/player"
)

func TestWindowOverlay(t *testing.T) {
	var sent []string
	st := player.Stats{State: player.StatePlaying}
	o := &windowOverlay{set: func(s string) { sent = append(sent, s) }, stats: func() player.Stats { return st }}
	k := &keyControl{overlay: o}
	o.refresh() // off: nothing sent
	k.key("s")  // on: at once
	st.State = player.StatePaused
	o.refresh() // and every refresh
	k.key("s")  // off: cleared
	o.refresh()
	if len(sent) != 3 || sent[0] == "" || sent[1] == sent[0] || sent[2] != "" {
		t.Errorf("overlay texts sent %q: want the figures at s, fresh ones at refresh, \"\" at s again", sent)
	}
	if o.on {
		t.Error("the overlay is on after s twice")
	}
}
