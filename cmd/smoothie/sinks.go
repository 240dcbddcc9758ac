package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/render/audio"
	"github.com/smoothie-player/smoothie/render/null"
	"github.com/smoothie-player/smoothie/render/term"
	"github.com/smoothie-player/smoothie/render/windowproc"
)

// playSinks are the outputs a play session renders to.
type playSinks struct {
	video player.VideoSink
	audio player.AudioSink
	// statusLines: nothing owns the terminal, so play prints a stats line per second.
	statusLines bool
	// closed is closed when the user closes the window (nil without one).
	closed <-chan struct{}
	// what says which outputs were picked, for the user; notes lists them.
	what  string
	notes []string
}

func (s playSinks) close() {
	if s.video != nil {
		s.video.Close()
	}
	if s.audio != nil {
		s.audio.Close()
	}
}

// windowHelper finds smoothie-window beside the running binary, else on the PATH.
func windowHelper() (string, bool) {
	if exe, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(exe), "smoothie-window")
		if _, err := os.Stat(p); err == nil {
			return p, true
		}
	}
	p, err := exec.LookPath("smoothie-window")
	return p, err == nil
}

// openSinks builds the outputs --video (auto, window, term, none) and --audio (auto,
// none) name. auto video is a window when there is a display and the window helper,
// else the terminal when stdout is one, else none; auto audio is the sound device,
// else a silent sink playing on the monotonic clock (and it says so). Keys pressed in
// the window arrive on keys.
func openSinks(video, audioName string, stdout, stderr io.Writer, keys chan<- string) (playSinks, error) {
	var s playSinks
	var notes []string
	switch audioName {
	case "none":
		notes = append(notes, "audio: none")
	case "auto":
		a, err := audio.Open(audio.Config{Quiet: true})
		switch {
		case err == nil:
			s.audio = a
			notes = append(notes, "audio: sound device")
		default:
			why := "no sound device"
			if !errors.Is(err, audio.ErrNoDevice) {
				why = err.Error()
			}
			s.audio = null.NewAudio(null.AudioConfig{})
			notes = append(notes, "audio: silent ("+why+"), clocked by the monotonic clock")
		}
	default:
		return s, fmt.Errorf("--audio %q: want auto or none", audioName)
	}
	out, _ := stdout.(*os.File)
	switch video {
	case "none":
	case "window", "term", "terminal", "auto":
	default:
		s.close()
		return playSinks{}, fmt.Errorf("--video %q: want auto, window, terminal (term) or none", video)
	}
	if video == "window" || (video == "auto" && os.Getenv("DISPLAY") != "") {
		helper, ok := windowHelper()
		var err error
		if ok {
			var w *windowproc.Sink
			w, err = windowproc.Start(windowproc.Config{Command: []string{helper}, OnKey: func(k string) {
				select {
				case keys <- k:
				default:
				}
			}})
			if err == nil {
				s.video, s.closed = w, w.Done()
				notes = append(notes, "video: window")
			}
		} else {
			err = errors.New("smoothie-window not found beside smoothie or on the PATH (make build builds it)")
		}
		if err != nil && video == "window" {
			s.close()
			return playSinks{}, fmt.Errorf("--video window: %v", err)
		}
	}
	if video == "terminal" {
		video = "term"
	}
	if s.video == nil && (video == "term" || video == "auto") && out != nil && isTerminal(out) {
		cols, rows, err := term.Size(out)
		if err == nil {
			t, terr := term.New(term.Config{Out: out, Region: term.Rect{W: cols, H: rows}, CellAspect: term.CellAspect(out)})
			if terr == nil {
				s.video = t
				notes = append(notes, "video: terminal")
			}
			err = terr
		}
		if err != nil && video == "term" {
			s.close()
			return playSinks{}, fmt.Errorf("--video term: %v", err)
		}
	} else if s.video == nil && video == "term" {
		s.close()
		return playSinks{}, errors.New("--video term: stdout is not a terminal")
	}
	if s.video == nil {
		notes = append(notes, "video: none")
		s.statusLines = true
	}
	s.what, s.notes = fmt.Sprint(notes), notes
	return s, nil
}

// syncHooks applies play's hidden A/V sync flags, which let a test measure sync
// from outside the player (e2e TestAVSync) and check that the measurement catches
// an offset:
//
//   - --present-log FILE: every presented video frame is logged with its PTS and
//     the CLOCK_MONOTONIC time of presentation (render/null.PresentLog); with
//     --video none a null video sink is put in, so that frames are still
//     presented (paced by the master clock) rather than only counted.
//   - --av-offset D: the audio clock the player reads is D behind the sink's, so
//     video is presented D later than the audio it belongs with.
func (s *playSinks) syncHooks(presentLog string, offset time.Duration) error {
	if presentLog != "" {
		f, err := os.Create(presentLog)
		if err != nil {
			return err
		}
		s.video = null.NewPresentLog(s.video, f)
	}
	if offset != 0 && s.audio != nil {
		s.audio = offsetAudio{s.audio, offset}
	}
	return nil
}

// offsetAudio is an AudioSink whose clock reads d behind the sink's.
type offsetAudio struct {
	player.AudioSink
	d time.Duration
}

func (a offsetAudio) Played() (time.Duration, bool) {
	p, ok := a.AudioSink.Played()
	return p - a.d, ok
}
