package window

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/smoothie-player/smoothie/render/windowproc"
)

// ServePipe is the main of a window helper process (see render/windowproc): it
// opens a window, shows the frames read from in and writes the window's size changes
// and key presses to out, until in ends, the window is closed or ctx ends. Like Run
// it must be called on the main goroutine. cfg's OnKey and OnResize are replaced.
func ServePipe(ctx context.Context, cfg Config, in io.Reader, out io.Writer) error {
	bw := bufio.NewWriter(out)
	cfg.OnKey = func(k string) {
		fmt.Fprintf(bw, "key %s\n", k)
		bw.Flush()
	}
	cfg.OnResize = func(w, h int) {
		fmt.Fprintf(bw, "size %d %d\n", w, h)
		bw.Flush()
	}
	w := New(cfg)
	readErr := make(chan error, 1)
	go func() {
		defer w.Close()
		r := windowproc.NewReader(in)
		for {
			kind, f, err := r.Next()
			if errors.Is(err, io.EOF) {
				readErr <- nil
				return
			}
			if err != nil {
				readErr <- err
				return
			}
			switch kind {
			case windowproc.MsgFullscreen:
				w.ToggleFullscreen()
				continue
			case windowproc.MsgOverlay:
				w.SetOverlay(r.Overlay())
				continue
			case windowproc.MsgCaptions:
				top, lines := r.Captions()
				w.SetCaptions(Captions{Lines: lines, Top: top})
				continue
			}
			if err := w.Show(f); err != nil {
				readErr <- nil // the window is gone
				return
			}
		}
	}()
	if err := w.Run(ctx); err != nil {
		return err
	}
	select {
	case err := <-readErr:
		return err
	default:
		return nil // closed by the user while input goes on
	}
}
