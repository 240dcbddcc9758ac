package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
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
	// warning says why auto video went without the window it wanted, and what it
	// chose instead ("" when nothing went wrong).
	warning string
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

// openWindow starts the window helper and waits until its window is open, so that
// a display that cannot be opened is known now (and auto video can do without a
// window) rather than as a window closed at once. Keys pressed in the window go to
// keys.
func openWindow(keys chan<- string) (*windowproc.Sink, error) {
	helper, ok := windowHelper()
	if !ok {
		return nil, errors.New("smoothie-window not found beside smoothie or on the PATH (make build builds it)")
	}
	var why firstLine
	w, err := windowproc.Start(windowproc.Config{Command: []string{helper}, Stderr: &why, OnKey: func(k string) {
		select {
		case keys <- k:
		default:
		}
	}})
	if err != nil {
		return nil, err
	}
	if err := w.WaitOpen(10 * time.Second); err != nil {
		w.Close()
		if l := why.String(); l != "" {
			return nil, errors.New(l) // the helper's own reason, e.g. glfw: X11: Failed to open display :99
		}
		return nil, err
	}
	return w, nil
}

// firstLine keeps the first non-empty line written to it (at most 200 bytes).
type firstLine struct {
	mu   sync.Mutex
	line []byte
	done bool
}

func (f *firstLine) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range p {
		switch {
		case f.done:
		case c == '\n' || c == '\r':
			f.done = len(f.line) > 0
		case len(f.line) < 200:
			f.line = append(f.line, c)
		}
	}
	return len(p), nil
}

func (f *firstLine) String() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.TrimSpace(string(f.line))
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
	if video == "window" && os.Getenv("DISPLAY") == "" {
		s.close()
		return playSinks{}, errors.New("--video window: no display (DISPLAY is not set)")
	}
	if video == "window" || (video == "auto" && os.Getenv("DISPLAY") != "") {
		w, err := openWindow(keys)
		if err == nil {
			s.video, s.closed = w, w.Done()
			notes = append(notes, "video: window")
		} else if video == "window" {
			s.close()
			return playSinks{}, fmt.Errorf("--video window: %v", err)
		} else {
			s.warning = "no window (" + err.Error() + ")"
			notes = append(notes, s.warning)
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
	if s.warning != "" {
		s.warning += ": " + notes[len(notes)-1] // what auto chose instead
	}
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
