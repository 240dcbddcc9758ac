package render_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/render/audio"
	"github.com/smoothie-player/smoothie/render/null"
	"github.com/smoothie-player/smoothie/render/term"
	"github.com/smoothie-player/smoothie/render/windowproc"
)

// Example_wiring is how cmd picks the sinks for `smoothie play`: the sound device if
// there is one, else the null audio sink (say so in the stats); a window in a helper
// process (a binary that links ebiten cannot start without a display, so `smoothie`
// itself must not link it), else terminal video, else none.
func Example_wiring() {
	var snd player.AudioSink
	a, err := audio.Open(audio.Config{Quiet: true})
	switch {
	case err == nil:
		snd = a
	case errors.Is(err, audio.ErrNoDevice):
		fmt.Println("audio: no sound device, playing on the monotonic clock")
		snd = null.NewAudio(null.AudioConfig{})
	default:
		fmt.Println("audio:", err)
		snd = null.NewAudio(null.AudioConfig{})
	}
	defer snd.Close()

	var video player.VideoSink
	exe, _ := os.Executable()
	helper := filepath.Join(filepath.Dir(exe), "smoothie-window") // its main: window.ServePipe
	if os.Getenv("DISPLAY") != "" {
		w, err := windowproc.Start(windowproc.Config{
			Command: []string{helper},
			OnKey:   func(key string) { fmt.Println("key", key) }, // → the session's commands
		})
		if err == nil {
			video = w // w.Size() feeds the ABR's resolution cap; w.Done() when the user closes it
		}
	}
	if video == nil {
		if cols, rows, err := term.Size(os.Stdout); err == nil {
			t, _ := term.New(term.Config{Out: os.Stdout, Region: term.Rect{W: cols, H: rows - 1}, CellAspect: term.CellAspect(os.Stdout)})
			video = t // t.SetRegion on SIGWINCH, or the TUI's layout
		}
	}
	if video == nil {
		video = null.NewVideo()
	}
	defer video.Close()
}
