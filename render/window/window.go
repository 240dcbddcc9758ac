// Package window shows video in a desktop window with ebiten: the frame is uploaded
// as a packed YUV texture and converted to RGB by a Kage shader on the GPU, scaled
// to the window with its aspect ratio kept (black bars around it). It is the only
// package that imports ebiten.
//
// ebiten's RunGame must own the process's main goroutine (the OS main thread): cmd
// calls Run from main and runs the player on other goroutines; Show is called from
// those and only copies the frame under a lock. Run returns when the window is
// closed, Close is called or its context ends.
package window

import (
	"context"
	"errors"
	"fmt"
	"image"
	"sync"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/render"
)

// ErrClosed is returned by Show after Close or once the window is gone.
var ErrClosed = errors.New("render/window: window closed")

// Config configures a window. The zero value is usable.
type Config struct {
	// Title is the window title; default "smoothie".
	Title string
	// Width and Height are the initial window size in device-independent pixels
	// (as the desktop sizes windows); default 1280×720.
	Width, Height int
	// Fullscreen starts in fullscreen.
	Fullscreen bool
	// OnKey receives key presses: special keys by name ("space", "left", "right",
	// "up", "down", "esc", "enter", "tab", "backspace", "home", "end", "pgup",
	// "pgdown", "f1"…"f12") and other keys as the characters they type ("q", "f",
	// "+", "9"). It runs on the main goroutine and must not block. The window
	// toggles fullscreen on "f" itself, and still forwards it.
	OnKey func(key string)
	// OnResize is called with the window's new size in physical pixels when it
	// changes, on the main goroutine.
	OnResize func(width, height int)
	// Matrix converts YUV to RGB; nil picks render.MatrixFor the frame size.
	Matrix *render.Matrix
}

// Window is a player.VideoSink in a desktop window.
type Window struct {
	cfg Config

	showMu sync.Mutex // serialises Show: spare belongs to it
	spare  *packed

	mu         sync.Mutex
	pending    *packed // newest frame not yet uploaded
	free       *packed // uploaded, for Show to reuse
	winW, winH int     // window size as laid out, in physical pixels
	sized      bool    // Layout ran at least once
	fullscreen bool
	toggle     bool // fullscreen change requested
	closed     bool
	shown      int64
	drawn      int64
	snapshots  []chan *image.RGBA
	overlay    string // stats overlay text ("" none)
	// overlayChanged: the screen must be redrawn for a new overlay
	overlayChanged bool
	// captions are the subtitles drawn over the video; captionsChanged likewise.
	captions        Captions
	captionsChanged bool

	// owned by the main goroutine (Update/Draw)
	tex     *ebiten.Image
	ovl     *ebiten.Image // the overlay box before scaling (HiDPI)
	scale   float64       // the monitor's device scale factor (physical pixels per DIP)
	shader  *ebiten.Shader
	frame   packed          // the frame on the texture (pix unused)
	redraw  bool            // the texture changed since the screen was drawn
	drawnOn image.Rectangle // the screen bounds last drawn on
	chars   []rune
	keys    []ebiten.Key
	ctx     context.Context
}

// New returns a window; nothing is shown until Run.
func New(cfg Config) *Window {
	if cfg.Title == "" {
		cfg.Title = "smoothie"
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		cfg.Width, cfg.Height = 1280, 720
	}
	return &Window{cfg: cfg, spare: &packed{}, winW: cfg.Width, winH: cfg.Height, scale: 1, fullscreen: cfg.Fullscreen}
}

// Run opens the window and runs ebiten's loop until the window is closed, Close is
// called or ctx ends. It must be called on the main goroutine, once.
func (w *Window) Run(ctx context.Context) error {
	sh, err := ebiten.NewShader([]byte(yuvShader))
	if err != nil {
		return fmt.Errorf("render/window: compiling the YUV shader: %w", err)
	}
	w.shader, w.ctx = sh, ctx
	ebiten.SetWindowTitle(w.cfg.Title)
	ebiten.SetWindowSize(w.cfg.Width, w.cfg.Height)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetFullscreen(w.cfg.Fullscreen)
	ebiten.SetRunnableOnUnfocused(true)
	ebiten.SetScreenClearedEveryFrame(false)
	err = ebiten.RunGameWithOptions(game{w}, &ebiten.RunGameOptions{InitUnfocused: false})
	w.mu.Lock()
	w.closed = true
	for _, c := range w.snapshots {
		close(c)
	}
	w.snapshots = nil
	w.mu.Unlock()
	if err != nil {
		return fmt.Errorf("render/window: %w", err)
	}
	return nil
}

// Show copies f for the next screen refresh. It never waits for the screen.
func (w *Window) Show(f *media.VideoFrame) error {
	if err := render.CheckFrame("render/window", f); err != nil {
		return err
	}
	w.showMu.Lock()
	defer w.showMu.Unlock()
	w.spare.pack(f)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return ErrClosed
	}
	w.shown++
	old := w.pending
	w.pending = w.spare
	switch {
	case old != nil: // replaced before it was drawn
		w.spare = old
	case w.free != nil:
		w.spare, w.free = w.free, nil
	default:
		w.spare = &packed{}
	}
	return nil
}

// Size returns the window's size in physical pixels (the screen's size when
// fullscreen), the pixels the video is drawn on: what the ABR caps the video
// resolution to. On a HiDPI screen it is the size in device-independent pixels
// times the scale factor.
func (w *Window) Size() (width, height int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.winW, w.winH
}

// ToggleFullscreen switches between windowed and fullscreen at the next refresh.
func (w *Window) ToggleFullscreen() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.toggle = true
}

// Fullscreen reports whether the window is fullscreen.
func (w *Window) Fullscreen() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.fullscreen
}

// Snapshot returns the next screen image as drawn (ReadPixels), for tests and
// screenshots; nil if the window closes first or ctx ends.
func (w *Window) Snapshot(ctx context.Context) *image.RGBA {
	c := make(chan *image.RGBA, 1)
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil
	}
	w.snapshots = append(w.snapshots, c)
	w.mu.Unlock()
	select {
	case img := <-c:
		return img
	case <-ctx.Done():
		return nil
	}
}

// Stats returns how many frames Show took and how many screen refreshes drew one.
func (w *Window) Stats() (shown, uploaded int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.shown, w.drawn
}

// Close ends Run's loop at the next tick; Show fails afterwards.
func (w *Window) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	return nil
}

var _ player.VideoSink = (*Window)(nil)
