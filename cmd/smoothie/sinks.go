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
	w, err := windowproc.Start(windowproc.Config{Command: []string{helper}, Stderr: &why, OnKey: func(k string) { sendKey(keys, k) }})
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

// openSinks opens the outputs the flags ask for and gives them to cfg; keys pressed
// in the window arrive on p.keys.
func (p *playback) openSinks(cfg *player.Config) error {
	p.keys = make(chan string, 16)
	sinks, err := openSinks(p.f.video, p.f.audio, p.stdout, p.stderr, p.keys)
	if err != nil {
		return usageError("%v", err)
	}
	p.sinks = sinks
	p.onClose(func() { p.sinks.close() }) // closes what syncHooks wraps in, too
	if err := p.sinks.syncHooks(p.f.presentLog, p.f.avOffset); err != nil {
		return failure("--present-log: %v", err)
	}
	p.logf("outputs: %s", p.sinks.what)
	if p.sinks.warning != "" && p.sinks.statusLines {
		fmt.Fprintf(p.stderr, "smoothie play: %s\n", p.sinks.warning) // the TUI shows it among its outputs
	}
	cfg.VideoSink, cfg.AudioSink = p.sinks.video, p.sinks.audio
	if w, ok := p.sinks.video.(*windowproc.Sink); ok {
		cfg.ViewSize = w.Size // levels larger than the window are capped
	}
	return nil
}

// openSinks builds the outputs --video (auto, window, term, none) and --audio (auto,
// none) name. auto video is a window when there is a display and the window helper,
// else the terminal when stdout is one, else none; auto audio is the sound device,
// else a silent sink playing on the monotonic clock (and it says so). Keys pressed in
// the window arrive on keys.
func openSinks(video, audioName string, stdout, stderr io.Writer, keys chan<- string) (playSinks, error) {
	var s playSinks
	if err := s.openAudio(audioName); err != nil {
		return s, err
	}
	switch video {
	case "none":
	case "window", "term", "terminal", "auto":
	default:
		s.close()
		return playSinks{}, fmt.Errorf("--video %q: want auto, window, terminal (term) or none", video)
	}
	if video == "terminal" {
		video = "term"
	}
	if err := s.openVideo(video, stdout, keys); err != nil {
		s.close()
		return playSinks{}, err
	}
	if s.video == nil {
		s.notes = append(s.notes, "video: none")
		s.statusLines = true
	}
	s.what = fmt.Sprint(s.notes)
	if s.warning != "" {
		s.warning += ": " + s.notes[len(s.notes)-1] // what auto chose instead
	}
	return s, nil
}

// openAudio opens the --audio output.
func (s *playSinks) openAudio(name string) error {
	switch name {
	case "none":
		s.notes = append(s.notes, "audio: none")
	case "auto":
		a, err := audio.Open(audio.Config{Quiet: true})
		if err == nil {
			s.audio = a
			s.notes = append(s.notes, "audio: sound device")
			return nil
		}
		why := "no sound device"
		if !errors.Is(err, audio.ErrNoDevice) {
			why = err.Error()
		}
		s.audio = null.NewAudio(null.AudioConfig{})
		s.notes = append(s.notes, "audio: silent ("+why+"), clocked by the monotonic clock")
	default:
		return fmt.Errorf("--audio %q: want auto or none", name)
	}
	return nil
}

// openVideo opens the --video output (auto, window, term or none): the window, else
// for auto or term the terminal when stdout is one. An error is what --video asked
// for and cannot have.
func (s *playSinks) openVideo(video string, stdout io.Writer, keys chan<- string) error {
	if video == "window" && os.Getenv("DISPLAY") == "" {
		return errors.New("--video window: no display (DISPLAY is not set)")
	}
	if video == "window" || (video == "auto" && os.Getenv("DISPLAY") != "") {
		w, err := openWindow(keys)
		switch {
		case err == nil:
			s.video, s.closed = w, w.Done()
			s.notes = append(s.notes, "video: window")
			return nil
		case video == "window":
			return fmt.Errorf("--video window: %v", err)
		}
		s.warning = "no window (" + err.Error() + ")"
		s.notes = append(s.notes, s.warning)
	}
	if video != "term" && video != "auto" {
		return nil
	}
	out, _ := stdout.(*os.File)
	if out == nil || !isTerminal(out) {
		if video == "term" {
			return errors.New("--video term: stdout is not a terminal")
		}
		return nil
	}
	t, err := openTerm(out)
	if err != nil && video == "term" {
		return fmt.Errorf("--video term: %v", err)
	}
	if err == nil {
		s.video = t
		s.notes = append(s.notes, "video: terminal")
	}
	return nil
}

// openTerm is terminal video filling the terminal out.
func openTerm(out *os.File) (*term.Sink, error) {
	cols, rows, err := term.Size(out)
	if err != nil {
		return nil, err
	}
	return term.New(term.Config{Out: out, Region: term.Rect{W: cols, H: rows}, CellAspect: term.CellAspect(out)})
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
