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
}

// panelWanted: play shows the panel when stdout is a terminal and not --headless.
func panelWanted(headless bool, stdout io.Writer) bool {
	return !headless && isTerminal(stdout)
}

// startPanel runs the panel on stdin and stdout until Stop or until the user quits.
// Video drawn on the same terminal (--video terminal) gets the rows above a
// compact panel.
func startPanel(ctx context.Context, s *player.Session, url string, sinks playSinks, stdout io.Writer) *playPanel {
	ctx, cancel := context.WithCancel(ctx)
	p := &playPanel{done: make(chan struct{}), cancel: cancel}
	events, unsubscribe := s.Subscribe(256)
	opt := tui.Options{URL: url, Outputs: strings.Join(sinks.notes, " · ")}
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
