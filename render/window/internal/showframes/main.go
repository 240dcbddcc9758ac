// Command showframes opens a window (render/window) and shows a test pattern, saving
// what the window draws as PNG files in the directory given as its argument, for
// render/windowtest, which runs it under Xvfb. With -pipe instead it is a window
// helper for render/windowproc (window.ServePipe on stdin and stdout). It needs a
// display: ebiten cannot even initialise without one.
package main

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/render"
	"github.com/smoothie-player/smoothie/render/rendertest"
	"github.com/smoothie-player/smoothie/render/window"
	"github.com/smoothie-player/smoothie/text/ttml"
)

func main() {
	if len(os.Args) < 2 || len(os.Args) > 3 {
		fmt.Fprintln(os.Stderr, "usage: showframes OUTDIR [SCALE] | showframes -pipe")
		os.Exit(2)
	}
	if os.Args[1] == "-pipe" {
		if err := window.ServePipe(context.Background(), window.Config{Title: "smoothie pipe test"}, os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "showframes:", err)
			os.Exit(1)
		}
		return
	}
	scale := 1
	if len(os.Args) == 3 {
		if _, err := fmt.Sscan(os.Args[2], &scale); err != nil || scale < 1 {
			fmt.Fprintf(os.Stderr, "showframes: scale %q: want a whole number ≥ 1\n", os.Args[2])
			os.Exit(2)
		}
	}
	if err := child(os.Args[1], scale); err != nil {
		fmt.Fprintln(os.Stderr, "showframes:", err)
		os.Exit(1)
	}
}

// overlayText is the stats overlay drawn for overlay.png: ten glyphs of 6×16
// device-independent pixels.
const overlayText = "HIDPI 1234"

// captionText is the subtitle drawn for captions.png.
const captionText = "Subtitles over the picture"

// child runs the window on the main goroutine and a "player" goroutine that shows
// frames and records what the window draws into dir. The window is 800×600
// physical pixels on a screen whose device scale factor is scale (Xft.dpi set to
// 96 × scale by the parent).
func child(dir string, scale int) error {
	w := window.New(window.Config{Width: 800 / scale, Height: 600 / scale, Title: "smoothie test"})
	// A step that hangs fails by name here, after render/windowtest (45 s) has
	// stopped the child for its stacks: this bounds runs by hand.
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		err := script(ctx, w, dir)
		step(fmt.Sprintf("script finished (%v), closing the window", err))
		errc <- err
	}()
	if err := w.Run(ctx); err != nil {
		return err
	}
	step("window closed")
	return <-errc
}

func script(ctx context.Context, w *window.Window, dir string) error {
	defer w.Close()
	stop, stopped := make(chan struct{}), make(chan struct{})
	defer func() {
		if stop != nil {
			close(stop)
		}
	}()
	go func() { // 25 fps of the same picture, as a player would
		defer close(stopped)
		for i := 0; ; i++ {
			if err := w.Show(rendertest.QuadFrame(320, 180, 8, time.Duration(i)*40*time.Millisecond)); err != nil {
				return
			}
			select {
			case <-stop:
				return
			case <-time.After(40 * time.Millisecond):
			}
		}
	}()
	time.Sleep(700 * time.Millisecond)
	if err := snap(ctx, w, filepath.Join(dir, "window.png")); err != nil {
		return err
	}
	ww, wh := w.Size()
	os.WriteFile(filepath.Join(dir, "size"), fmt.Appendf(nil, "%dx%d", ww, wh), 0o644)
	w.SetOverlay(overlayText)
	if err := snap(ctx, w, filepath.Join(dir, "overlay.png")); err != nil {
		return err
	}
	// Subtitles and the stats overlay at once: both are drawn.
	w.SetCaptions(window.Captions{Lines: []ttml.Line{{{Text: captionText}}}})
	if err := snap(ctx, w, filepath.Join(dir, "captions.png")); err != nil {
		return err
	}
	w.SetOverlay("")
	w.SetCaptions(window.Captions{})
	if w.Snapshot(ctx) == nil { // a refresh without the overlay, before the parent's screenshot
		return fmt.Errorf("no refresh after the overlay was removed")
	}
	os.WriteFile(filepath.Join(dir, "ready"), nil, 0o644)
	step("ready, waiting for the parent's screenshot")
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(dir, "done")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("parent did not take its screenshot")
		}
	}
	step("fullscreen")
	w.ToggleFullscreen()
	time.Sleep(700 * time.Millisecond)
	ww, wh = w.Size()
	os.WriteFile(filepath.Join(dir, "fssize"), fmt.Appendf(nil, "%dx%d", ww, wh), 0o644)
	if err := snap(ctx, w, filepath.Join(dir, "fullscreen.png")); err != nil {
		return err
	}
	// A frame where every pixel differs, fitted exactly (×20) to the 1280×720 screen,
	// and its CPU conversion as the reference.
	close(stop)
	stop = nil
	<-stopped
	step("gradient")
	g := gradientFrame()
	_, before := w.Stats()
	if err := w.Show(g); err != nil {
		return err
	}
	if err := waitDrawn(ctx, w, before, "the gradient frame"); err != nil {
		return err
	}
	if err := snap(ctx, w, filepath.Join(dir, "gradient.png")); err != nil {
		return err
	}
	ref := image.NewRGBA(image.Rect(0, 0, g.Width, g.Height))
	render.ToRGBA(ref, g, render.NewConverter(render.MatrixFor(g.Width, g.Height)))
	if err := savePNG(filepath.Join(dir, "reference.png"), ref); err != nil {
		return err
	}
	// Throughput: 720p frames, each waited for until a screen refresh uploaded it.
	step("720p frames")
	big := [2]*media.VideoFrame{rendertest.QuadFrame(1280, 720, 8, 0), rendertest.QuadFrame(1280, 720, 8, time.Millisecond)}
	start := time.Now()
	const n = 20
	for i := range n {
		_, before := w.Stats()
		if err := w.Show(big[i%2]); err != nil {
			return err
		}
		if err := waitDrawn(ctx, w, before, fmt.Sprintf("720p frame %d", i)); err != nil {
			return err
		}
	}
	fps := float64(n) / time.Since(start).Seconds()
	os.WriteFile(filepath.Join(dir, "fps"), fmt.Appendf(nil, "%.1f", fps), 0o644)
	if err := w.Show(&media.VideoFrame{Width: 64, Height: 64, YStride: 64, CStride: 32, Y: make([]byte, 64)}); err == nil {
		return fmt.Errorf("a frame with a short Y plane was accepted")
	}
	return nil
}

// step says on stderr what the child does next, with the time since it started,
// so a child that hangs shows where in the parent's report.
func step(what string) {
	fmt.Fprintf(os.Stderr, "showframes: %6.2fs %s\n", time.Since(started).Seconds(), what)
}

var started = time.Now()

// waitDrawn waits until a screen refresh has uploaded a frame shown after the
// upload count was before.
func waitDrawn(ctx context.Context, w *window.Window, before int64, what string) error {
	for _, up := w.Stats(); up == before; _, up = w.Stats() {
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s was never drawn (%d refreshes drew a frame)", what, up)
		case <-time.After(time.Millisecond):
		}
	}
	return nil
}

func snap(ctx context.Context, w *window.Window, path string) error {
	step("snapshot " + filepath.Base(path))
	img := w.Snapshot(ctx)
	if img == nil {
		return fmt.Errorf("no snapshot for %s", path)
	}
	return savePNG(path, img)
}

func savePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// gradientFrame is a 64×36 frame whose luma and chroma change at every sample.
func gradientFrame() *media.VideoFrame {
	const w, h = 64, 36
	f := &media.VideoFrame{Width: w, Height: h, YStride: w + 4, CStride: w/2 + 4,
		Y: make([]byte, (w+4)*h), U: make([]byte, (w/2+4)*h/2), V: make([]byte, (w/2+4)*h/2)}
	for y := range h {
		for x := range w {
			f.Y[y*f.YStride+x] = byte(16 + (x*7+y*3)%220)
		}
	}
	for y := range h / 2 {
		for x := range w / 2 {
			f.U[y*f.CStride+x] = byte(40 + x*5 + y*2)
			f.V[y*f.CStride+x] = byte(200 - x*4 - y*3)
		}
	}
	return f
}
