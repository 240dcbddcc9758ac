package tui

import (
	"context"
	"errors"
	"io"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/render/term"
)

// Run shows the panel on the terminal (in, out) until the user quits (q, ctrl-c,
// SIGINT) or ctx is done; it returns nil in those cases. Events are pumped from the
// session's subscription into the program; the subscription never blocks the
// session, so a slow terminal loses events rather than stalling playback.
func Run(ctx context.Context, ctl Controller, events <-chan player.Event, opt Options, in io.Reader, out io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p := tea.NewProgram(New(ctl, opt), tea.WithContext(ctx), tea.WithAltScreen(), tea.WithMouseCellMotion(),
		tea.WithInput(in), tea.WithOutput(out))
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case e := <-events:
				p.Send(eventMsg{e})
			case k := <-opt.Keys:
				if m, ok := keyMsg(k); ok {
					p.Send(m)
				}
			}
		}
	}()
	_, err := p.Run()
	if opt.Video != nil { // the terminal is handed back: no more video on it
		opt.Video.SetRegion(term.Rect{})
	}
	if ctx.Err() != nil || errors.Is(err, tea.ErrInterrupted) {
		return nil
	}
	return err
}
