// Command smoothie-window is the window of `smoothie play`: an ebiten window that
// shows the frames smoothie sends on stdin and reports keys and resizes on stdout
// (render/windowproc's protocol). It is a process of its own because a binary that
// links ebiten cannot even start without a display, and smoothie must run headless.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/smoothie-player/smoothie/render/window"
)

func main() {
	title := "smoothie"
	if len(os.Args) > 1 {
		title = os.Args[1]
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := window.ServePipe(ctx, window.Config{Title: title}, os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "smoothie-window:", err)
		os.Exit(1)
	}
}
