package windowproc

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/render"
)

// ErrClosed is returned by Show once the window is closed (by Close, by the user or
// because the helper died).
var ErrClosed = errors.New("render/windowproc: window closed")

// Config configures a window in a helper process.
type Config struct {
	// Command is the helper's argv; its main must call window.ServePipe. Required.
	Command []string
	// Env is added to the helper's environment (it inherits DISPLAY).
	Env []string
	// OnKey receives key presses (names as in window.Config.OnKey), on the sink's
	// event goroutine; it must not block for long.
	OnKey func(key string)
	// Stderr receives the helper's standard error; default discarded.
	Stderr io.Writer
}

// Sink is a player.VideoSink showing frames in the helper's window. Show encodes
// the frame and returns; a writer goroutine sends the newest one, skipping frames
// the pipe cannot take in time.
type Sink struct {
	cfg    Config
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	wake   chan struct{}
	done   chan struct{} // the helper exited
	opened chan struct{} // the helper reported its first size: the window is up
	wdone  chan struct{} // the writer goroutine stopped

	mu       sync.Mutex
	pending  []byte
	spare    []byte
	toggle   bool
	overlay  *string // overlay text not yet sent
	captions []byte  // a captions message not yet sent
	w, h     int
	sized    bool
	closed   bool
	shown    int64
	skipped  int64
	exitErr  error
	writeErr error
}

// Start starts the helper. The window appears when the helper has a display; if it
// has none the helper exits and Show returns ErrClosed (see Done and Err).
func Start(cfg Config) (*Sink, error) {
	if len(cfg.Command) == 0 {
		return nil, fmt.Errorf("render/windowproc: no helper command")
	}
	cmd := exec.Command(cfg.Command[0], cfg.Command[1:]...)
	cmd.Env = append(cmd.Environ(), cfg.Env...)
	cmd.Stderr = cfg.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("render/windowproc: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("render/windowproc: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("render/windowproc: starting %s: %w", cfg.Command[0], err)
	}
	s := &Sink{cfg: cfg, cmd: cmd, stdin: stdin, wake: make(chan struct{}, 1),
		done: make(chan struct{}), opened: make(chan struct{}), wdone: make(chan struct{})}
	go s.events(stdout)
	go s.writer()
	return s, nil
}

// events reads the helper's events until it exits, then reaps it.
func (s *Sink) events(stdout io.Reader) {
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 3 && f[0] == "size":
			w, _ := strconv.Atoi(f[1])
			h, _ := strconv.Atoi(f[2])
			s.mu.Lock()
			s.w, s.h = w, h
			first := !s.sized
			s.sized = true
			s.mu.Unlock()
			if first {
				close(s.opened)
			}
		case len(f) == 2 && f[0] == "key" && s.cfg.OnKey != nil:
			s.cfg.OnKey(f[1])
		}
	}
	err := s.cmd.Wait()
	s.mu.Lock()
	s.closed = true
	if err != nil {
		s.exitErr = fmt.Errorf("render/windowproc: window helper %s: %w", s.cfg.Command[0], err)
	}
	s.mu.Unlock()
	close(s.done)
}

// writer sends the newest frame and fullscreen requests to the helper.
func (s *Sink) writer() {
	defer close(s.wdone)
	defer s.stdin.Close()
	for {
		select {
		case <-s.done:
			return
		case <-s.wake:
		}
		s.mu.Lock()
		buf, toggle, overlay, closed, captions := s.pending, s.toggle, s.overlay, s.closed, s.captions
		s.pending, s.toggle, s.overlay, s.captions = nil, false, nil, nil
		s.mu.Unlock()
		if captions != nil {
			// Before the frame: the cues go with it.
			buf = append(captions, buf...)
		}
		if toggle {
			buf = append(buf, MsgFullscreen)
		}
		if overlay != nil {
			buf = AppendOverlay(buf, *overlay)
		}
		if len(buf) > 0 {
			if _, err := s.stdin.Write(buf); err != nil {
				s.mu.Lock()
				s.writeErr = err
				s.closed = true
				s.mu.Unlock()
				return
			}
		}
		s.mu.Lock()
		if s.spare == nil {
			s.spare = buf[:0]
		}
		s.mu.Unlock()
		if closed {
			return
		}
	}
}

func (s *Sink) kick() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Show encodes f for the helper, replacing a frame not yet sent.
func (s *Sink) Show(f *media.VideoFrame) error {
	if err := render.CheckFrame("render/windowproc", f); err != nil {
		return err
	}
	s.mu.Lock()
	buf := s.spare
	s.spare = nil
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return ErrClosed
	}
	buf = AppendFrame(buf[:0], f)
	s.mu.Lock()
	s.shown++
	if s.pending != nil {
		s.skipped++
		s.spare = s.pending
	}
	s.pending = buf
	s.mu.Unlock()
	s.kick()
	return nil
}

// ToggleFullscreen asks the window to switch between windowed and fullscreen.
func (s *Sink) ToggleFullscreen() {
	s.mu.Lock()
	s.toggle = true
	s.mu.Unlock()
	s.kick()
}

// SetOverlay replaces the text of the window's stats overlay ("" removes it); a
// text not yet sent is replaced.
func (s *Sink) SetOverlay(text string) {
	s.mu.Lock()
	s.overlay = &text
	s.mu.Unlock()
	s.kick()
}

// Size returns the window's size as the helper last reported it (0×0 before).
func (s *Sink) Size() (w, h int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w, s.h
}

// Stats returns frames given to Show and frames skipped before they were sent.
func (s *Sink) Stats() (shown, skipped int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.shown, s.skipped
}

// WaitOpen waits until the helper has opened its window (reported its first size)
// and returns nil, or returns why it could not: the helper exited first (no
// display, no OpenGL). A helper still starting after timeout is given the benefit
// of the doubt (nil).
func (s *Sink) WaitOpen(timeout time.Duration) error {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-s.opened:
		return nil
	case <-s.done:
		select {
		case <-s.opened:
			return nil
		default:
		}
		if err := s.Err(); err != nil {
			return err
		}
		return fmt.Errorf("render/windowproc: window helper %s exited before opening a window", s.cfg.Command[0])
	case <-t.C:
		return nil
	}
}

// Done is closed when the helper has exited (the window is gone).
func (s *Sink) Done() <-chan struct{} { return s.done }

// Err returns why the helper exited, if it failed.
func (s *Sink) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.exitErr
}

// Close closes the window: the helper sees the end of its input and exits; it is
// killed if it has not within 3 s.
func (s *Sink) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.kick()
	select {
	case <-s.wdone:
	case <-time.After(time.Second):
		// The writer is stuck on a full pipe: closing stdin unblocks it.
		s.stdin.Close()
	}
	select {
	case <-s.done:
	case <-time.After(3 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
	return nil
}

var _ player.VideoSink = (*Sink)(nil)
