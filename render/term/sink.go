package term

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/render"
)

// ErrClosed is returned by Show after Close.
var ErrClosed = errors.New("render/term: sink closed")

// Config configures a terminal video sink.
type Config struct {
	// Out receives the escape sequences (usually os.Stdout). Required.
	Out io.Writer
	// Region is where video is drawn, in cells; default 80×24 at the top left.
	// SetRegion changes it later (on a terminal resize).
	Region Rect
	// CellAspect is a cell's height over its width; default DefaultCellAspect.
	CellAspect float64
	// MaxFPS caps how often the screen is redrawn; frames in between are skipped,
	// as are frames that arrive while a slow terminal is still being written.
	// Default 30.
	MaxFPS float64
	// Matrix converts YUV to RGB; nil picks render.MatrixFor the frame size.
	Matrix *render.Matrix
}

// Stats counts what a Sink did.
type Stats struct {
	// Shown frames were given to Show; Drawn were written; Skipped were replaced by
	// a newer frame before the terminal could take them.
	Shown, Drawn, Skipped int64
	// Redrawn counts redraws of the last frame for a new region or a Repaint when
	// no newer frame came (paused).
	Redrawn int64
	// Bytes is the total written to Out.
	Bytes int64
}

// Sink is a VideoSink drawing into a terminal region. Show scales the frame to the
// region's cells right away (so it keeps nothing of the frame) and a writer goroutine
// draws the latest one, at most MaxFPS times a second.
type Sink struct {
	cfg  Config
	quit chan struct{}
	done chan struct{}

	mu       sync.Mutex
	region   Rect
	samplers map[string]*Sampler
	pending  *Grid // the newest sampled frame not yet drawn
	spare    *Grid // storage to sample the next frame into
	at       Rect  // where pending goes
	srcW     int   // pending's frame size, to fit it to a new region later
	srcH     int
	redraw   bool // the region changed: clear it before drawing
	wake     chan struct{}
	stats    Stats
	err      error // the first write error, returned by the next Show
	closed   bool
	notice   string // said in the region while no frame has been drawn
	// caption are the subtitle lines drawn over the picture (SetCaptions), at
	// its top when captionTop.
	caption    []string
	captionTop bool
}

// New starts a terminal sink; Close stops its goroutine.
func New(cfg Config) (*Sink, error) {
	if cfg.Out == nil {
		return nil, fmt.Errorf("render/term: Config.Out is nil")
	}
	if cfg.Region.W <= 0 || cfg.Region.H <= 0 {
		cfg.Region = Rect{W: 80, H: 24}
	}
	if cfg.CellAspect <= 0 {
		cfg.CellAspect = DefaultCellAspect
	}
	if cfg.MaxFPS <= 0 {
		cfg.MaxFPS = 30
	}
	s := &Sink{cfg: cfg, quit: make(chan struct{}), done: make(chan struct{}), region: cfg.Region,
		samplers: map[string]*Sampler{}, spare: &Grid{}, redraw: true, wake: make(chan struct{}, 1)}
	go s.loop()
	return s, nil
}

// Show scales f to the region and queues it for drawing, replacing a frame not yet
// drawn. It returns an error for a malformed frame or when the last write failed.
func (s *Sink) Show(f *media.VideoFrame) error {
	if err := render.CheckFrame("render/term", f); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	if err := s.err; err != nil {
		s.err = nil
		return err
	}
	m := render.MatrixFor(f.Width, f.Height)
	if s.cfg.Matrix != nil {
		m = *s.cfg.Matrix
	}
	sm := s.samplers[m.Name]
	if sm == nil {
		sm = NewSampler(m)
		s.samplers[m.Name] = sm
	}
	at := Fit(s.region, f.Width, f.Height, s.cfg.CellAspect)
	if at.W == 0 || at.H == 0 {
		return nil
	}
	g := s.spare
	if g == nil {
		g = &Grid{}
	}
	sm.Sample(g, f, at.W, 2*at.H)
	s.stats.Shown++
	if s.pending != nil {
		s.stats.Skipped++
		s.spare = s.pending
	} else {
		s.spare = nil
	}
	s.pending, s.at, s.srcW, s.srcH = g, at, f.Width, f.Height
	s.wakeLoop()
	return nil
}

// wakeLoop tells the writer goroutine there is something to draw; the caller holds
// s.mu.
func (s *Sink) wakeLoop() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// SetRegion moves or resizes the drawing region; it is cleared and the last frame
// drawn again, fitted to it, unless a newer frame is on its way.
func (s *Sink) SetRegion(r Rect) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r != s.region {
		s.region = r
		s.redraw = true
		s.wakeLoop()
	}
}

// Repaint redraws the whole region, for when something else wrote over it (a TUI
// sharing the terminal redrawing its rows): with the next frame, or the last one
// again when none comes (paused).
func (s *Sink) Repaint() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.redraw = true
	s.wakeLoop()
}

// SetNotice says text in the middle of the region for as long as no frame has been
// drawn (a video that cannot play); "" takes it away.
func (s *Sink) SetNotice(text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if text != s.notice {
		s.notice = text
		s.redraw = true
		s.wakeLoop()
	}
}

// noticeAt appends what blanks r and writes text centred in it, cut to its width.
func noticeAt(dst []byte, r Rect, text string) []byte {
	dst = Clear(dst, r)
	runes := []rune(text)
	if len(runes) > r.W {
		runes = runes[:r.W]
	}
	dst = moveTo(dst, r.X+(r.W-len(runes))/2, r.Y+r.H/2)
	return append(dst, string(runes)...)
}

// Stats returns the sink's counters.
func (s *Sink) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// loop draws pending frames until Close.
func (s *Sink) loop() {
	defer close(s.done)
	var enc Encoder
	var buf []byte
	period := time.Duration(float64(time.Second) / s.cfg.MaxFPS)
	var last time.Time
	// The last frame drawn (kept, not copied: its storage goes back to spare when a
	// newer one is drawn), at the size it was sampled, and its source size: what a
	// new region or a Repaint draws again while no frame comes.
	var shown *Grid
	var scaled Grid
	var shownW, shownH int
	for {
		select {
		case <-s.quit:
			return
		case <-s.wake:
		}
		if wait := period - time.Since(last); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-s.quit:
				t.Stop()
				return
			case <-t.C:
			}
		}
		s.mu.Lock()
		g, at, redraw, region, notice := s.pending, s.at, s.redraw, s.region, s.notice
		caption, captionTop := s.caption, s.captionTop
		srcW, srcH := s.srcW, s.srcH
		s.pending, s.redraw = nil, false
		s.mu.Unlock()
		again := false
		switch {
		case g != nil:
		case redraw && shown != nil:
			// No newer frame: the last one, fitted to the region as it is now.
			at = Fit(region, shownW, shownH, s.cfg.CellAspect)
			if at.W == 0 || at.H == 0 {
				continue
			}
			shown.scaleTo(&scaled, at.W, 2*at.H)
			g, again = &scaled, true
		case redraw && notice != "":
			buf = noticeAt(buf[:0], region, notice)
			enc.Reset()
			n, err := s.cfg.Out.Write(buf)
			s.mu.Lock()
			s.stats.Bytes += int64(n)
			if err != nil && s.err == nil {
				s.err = fmt.Errorf("render/term: writing a notice: %w", err)
			}
			s.mu.Unlock()
			continue
		default:
			continue
		}
		buf = buf[:0]
		if redraw {
			buf = Clear(buf, region)
			enc.Reset()
		}
		buf = enc.Encode(buf, g, at)
		if len(caption) > 0 {
			buf = captionAt(buf, at, caption, captionTop)
			from := captionRows(at, len(caption), captionTop) - at.Y
			enc.Invalidate(from, from+len(caption))
		}
		last = time.Now()
		n, err := s.cfg.Out.Write(buf)
		s.mu.Lock()
		if again {
			s.stats.Redrawn++
		} else {
			s.stats.Drawn++
		}
		s.stats.Bytes += int64(n)
		if err != nil && s.err == nil {
			s.err = fmt.Errorf("render/term: writing a frame: %w", err)
			s.redraw = true
		}
		if !again {
			if s.spare == nil && shown != nil {
				s.spare = shown
			}
			shown, shownW, shownH = g, srcW, srcH
		}
		s.mu.Unlock()
	}
}

// Close stops the writer goroutine. It does not clear the region.
func (s *Sink) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	close(s.quit)
	<-s.done
	return nil
}

var _ player.VideoSink = (*Sink)(nil)
