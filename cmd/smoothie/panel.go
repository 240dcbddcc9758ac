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

// panelWanted: play shows the panel when stdout is a terminal, not --headless, and
// the video does not draw on that terminal (it has it to itself for now).
func panelWanted(headless bool, sinks playSinks, stdout io.Writer) bool {
	_, termVideo := sinks.video.(*term.Sink)
	return !headless && !termVideo && isTerminal(stdout)
}

// startPanel runs the panel on stdin and stdout until Stop or until the user quits.
func startPanel(ctx context.Context, s *player.Session, url string, outputs []string, stdout io.Writer) *playPanel {
	ctx, cancel := context.WithCancel(ctx)
	p := &playPanel{done: make(chan struct{}), cancel: cancel}
	events, unsubscribe := s.Subscribe(256)
	go func() {
		defer close(p.done)
		defer unsubscribe()
		p.err = tui.Run(ctx, s, events, tui.Options{URL: url, Outputs: strings.Join(outputs, " · ")}, os.Stdin, stdout)
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
