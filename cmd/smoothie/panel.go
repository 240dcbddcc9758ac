package main

import (
	"context"
	"io"
	"os"
	"strings"

	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/render/term"
	"github.com/smoothie-player/smoothie/tui"
)

// playPanel is the terminal stats panel (package tui) running beside a session.
type playPanel struct {
	done   chan struct{}
	err    error
	cancel func()
	// keys takes the window's key presses while the panel runs.
	keys chan string
}

// panelWanted: play shows the panel when stdout is a terminal and not --headless.
func panelWanted(headless bool, stdout io.Writer) bool {
	return !headless && isTerminal(stdout)
}

// startPanel runs the panel on stdin and stdout until Stop or until the user quits.
// Video drawn on the same terminal (--video terminal) gets the rows above a
// compact panel. stats, when set, is what the panel's stats key does (the window's
// overlay).
func startPanel(ctx context.Context, s *player.Session, url string, sinks playSinks, stats func(), stdout io.Writer) *playPanel {
	ctx, cancel := context.WithCancel(ctx)
	p := &playPanel{done: make(chan struct{}), cancel: cancel, keys: make(chan string, 16)}
	events, unsubscribe := s.Subscribe(256)
	opt := tui.Options{URL: url, Outputs: strings.Join(sinks.notes, " · "), Keys: p.keys, Stats: stats}
	if t, ok := sinks.video.(*term.Sink); ok {
		opt.Video = t
	}
	go func() {
		defer close(p.done)
		defer unsubscribe()
		p.err = tui.Run(ctx, s, events, opt, os.Stdin, stdout)
	}()
	return p
}

// key hands a key pressed in the window to the panel, so the window answers the
// panel's keys (↑/↓ move in its ladder, enter pins); false when there is no panel
// running to take it.
func (p *playPanel) key(k string) bool {
	if p == nil {
		return false
	}
	select {
	case <-p.done:
		return false
	default:
	}
	sendKey(p.keys, k) // the panel is behind: dropped rather than block playback
	return true
}

// Done is closed when the panel has ended (nil for no panel: never).
func (p *playPanel) Done() <-chan struct{} {
	if p == nil {
		return nil
	}
	return p.done
}

// Stop ends the panel and gives the terminal back; a nil panel does nothing.
func (p *playPanel) Stop() {
	if p == nil {
		return
	}
	p.cancel()
	<-p.done
}
