package null

import (
	"bufio"
	"fmt"
	"io"
	"sync"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
)

// PresentLog is a VideoSink that records when each frame is presented, for
// measuring A/V sync and level switches from outside the player (the e2e tests; `smoothie play`'s
// hidden --present-log flag). For each frame it writes one line
//
//	PTS_NS CLOCK_NS WIDTH
//
// the frame's PTS and the time Show was called, both in nanoseconds, and its width
// in pixels (which level is on screen: the e2e fast-switch test); CLOCK_NS is
// CLOCK_MONOTONIC on Linux (comparable across processes on one machine), Unix time
// elsewhere. Then it hands the frame to the sink it wraps. Lines are buffered and
// flushed by Close.
type PresentLog struct {
	next player.VideoSink
	mu   sync.Mutex
	w    *bufio.Writer
	out  io.WriteCloser
	err  error
}

// NewPresentLog logs the frames shown on next (a null Video when next is nil) to out,
// which Close closes.
func NewPresentLog(next player.VideoSink, out io.WriteCloser) *PresentLog {
	if next == nil {
		next = NewVideo()
	}
	return &PresentLog{next: next, w: bufio.NewWriter(out), out: out}
}

// Show logs f's presentation and shows it on the wrapped sink.
func (l *PresentLog) Show(f *media.VideoFrame) error {
	now := clockNanos()
	l.mu.Lock()
	if l.err == nil && l.out != nil {
		_, l.err = fmt.Fprintf(l.w, "%d %d %d\n", f.PTS.Nanoseconds(), now, f.Width)
	}
	l.mu.Unlock()
	return l.next.Show(f)
}

// Close flushes and closes the log and closes the wrapped sink. It is safe to call
// more than once.
func (l *PresentLog) Close() error {
	l.mu.Lock()
	if l.out != nil {
		if err := l.w.Flush(); l.err == nil {
			l.err = err
		}
		if err := l.out.Close(); l.err == nil {
			l.err = err
		}
		l.out = nil
	}
	err := l.err
	l.mu.Unlock()
	if cerr := l.next.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("render/null: present log: %w", err)
	}
	return nil
}

var _ player.VideoSink = (*PresentLog)(nil)
