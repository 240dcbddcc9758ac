package term

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/render"
)

// bandFrame is a w×h frame whose upper half is colour a and lower half b, made with
// matrix m, with padded strides.
func bandFrame(m render.Matrix, w, h int, a, b [3]byte) *media.VideoFrame {
	ys, cs := w+16, (w+1)/2+8
	cw, ch := (w+1)/2, (h+1)/2
	f := &media.VideoFrame{Width: w, Height: h, YStride: ys, CStride: cs,
		Y: make([]byte, ys*h), U: make([]byte, cs*ch), V: make([]byte, cs*ch)}
	for row := range h {
		c := a
		if row >= h/2 {
			c = b
		}
		y, u, v := render.RGBToYUV(m, c[0], c[1], c[2])
		for x := range w {
			f.Y[row*ys+x] = y
		}
		if row%2 == 0 {
			for x := range cw {
				f.U[row/2*cs+x], f.V[row/2*cs+x] = u, v
			}
		}
	}
	_ = ch
	return f
}

func pack(c [3]byte) int64 { return int64(c[0])<<16 | int64(c[1])<<8 | int64(c[2]) }

var (
	red  = [3]byte{230, 20, 20}
	blue = [3]byte{20, 40, 220}
)

func TestFit(t *testing.T) {
	cases := []struct {
		r    Rect
		w, h int
		want Rect
	}{
		{Rect{0, 0, 80, 24}, 1280, 720, Rect{0, 0, 80, 23}},    // 16:9: full width
		{Rect{0, 0, 80, 24}, 640, 480, Rect{8, 0, 64, 24}},     // 4:3: pillarboxed
		{Rect{10, 5, 40, 40}, 1280, 720, Rect{10, 19, 40, 11}}, // tall region: letterboxed
		{Rect{0, 0, 0, 10}, 1280, 720, Rect{0, 0, 0, 0}},
	}
	for _, c := range cases {
		if got := Fit(c.r, c.w, c.h, 2); got != c.want {
			t.Errorf("Fit(%v, %dx%d) = %v, want %v", c.r, c.w, c.h, got, c.want)
		}
	}
}

func TestEncodeColoursAndDiff(t *testing.T) {
	f := bandFrame(render.BT601, 64, 48, red, blue)
	var g Grid
	NewSampler(render.BT601).Sample(&g, f, 16, 12) // 16×6 cells
	var e Encoder
	at := Rect{X: 3, Y: 2, W: 16, H: 6}
	out := e.Encode(nil, &g, at)
	sc := newScreen(30, 10)
	if err := sc.feed(out); err != nil {
		t.Fatal(err)
	}
	for y := range 10 {
		for x := range 30 {
			c := sc.at(x, y)
			inside := x >= 3 && x < 19 && y >= 2 && y < 8
			if !inside {
				if c.ch != ' ' {
					t.Fatalf("cell %d,%d outside the region was written: %q", x, y, c.ch)
				}
				continue
			}
			wantTop, wantBot := red, red
			if y-2 >= 3 {
				wantTop, wantBot = blue, blue
			}
			if c.ch != '▀' || !near(c.fg, pack(wantTop), 3) || !near(c.bg, pack(wantBot), 3) {
				t.Fatalf("cell %d,%d = %q fg %06x bg %06x, want fg %06x bg %06x", x, y, c.ch, c.fg, c.bg, pack(wantTop), pack(wantBot))
			}
		}
	}
	// Only a colour change per band: 2 SGR pairs, not one per cell.
	if n := bytes.Count(out, []byte("38;2;")); n != 2 {
		t.Errorf("%d foreground changes, want 2", n)
	}
	if again := e.Encode(nil, &g, at); len(again) != 0 {
		t.Errorf("unchanged grid re-encoded as %q", again)
	}
	g.Pix[0] = 0xffffff
	if again := e.Encode(nil, &g, at); bytes.Count(again, []byte("H")) != 1 || !strings.HasPrefix(string(again), "\x1b[3;4H") {
		t.Errorf("one changed row encoded as %q", again)
	}
}

// syncBuffer is a bytes.Buffer safe for the sink's goroutine, optionally slow.
type syncBuffer struct {
	mu    sync.Mutex
	b     bytes.Buffer
	delay time.Duration
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	time.Sleep(s.delay)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) Bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Clone(s.b.Bytes())
}

func waitDrawn(t *testing.T, s *Sink, n int64) {
	t.Helper()
	waitStat(t, s, "drawn", func(st Stats) int64 { return st.Drawn }, n)
}

// waitStat waits until the counter c of s's stats reaches n.
func waitStat(t *testing.T, s *Sink, name string, c func(Stats) int64, n int64) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for c(s.Stats()) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%s %d times, want %d", name, c(s.Stats()), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// checkLetterboxed checks the output of a 1280×720 frame, red over blue, fitted to a
// 40×20 region: 40 cells wide, 40*720/(1280*2) = 11.25 → 11 rows, from row 4.
func checkLetterboxed(t *testing.T, out []byte) {
	t.Helper()
	sc := newScreen(40, 20)
	if err := sc.feed(out); err != nil {
		t.Fatal(err)
	}
	for y := range 20 {
		c := sc.at(20, y)
		switch {
		case y < 4 || y >= 15:
			if c.ch != ' ' || c.bg != -1 {
				t.Errorf("letterbox row %d: %q bg %x", y, c.ch, c.bg)
			}
		case y < 9:
			if !near(c.fg, pack(red), 3) {
				t.Errorf("row %d fg %06x, want red", y, c.fg)
			}
		case y > 9:
			if !near(c.bg, pack(blue), 3) {
				t.Errorf("row %d bg %06x, want blue", y, c.bg)
			}
		}
	}
}

// showBands starts a sink with cfg writing to a buffer it returns, and draws a
// 1280×720 BT.709 frame (the matrix chosen from the size), red over blue.
func showBands(t *testing.T, cfg Config) (*Sink, *syncBuffer) {
	t.Helper()
	out := &syncBuffer{}
	cfg.Out = out
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Show(bandFrame(render.BT709, 1280, 720, red, blue)); err != nil {
		t.Fatal(err)
	}
	waitDrawn(t, s, 1)
	return s, out
}

func TestSinkDrawsLetterboxed(t *testing.T) {
	s, out := showBands(t, Config{Region: Rect{X: 0, Y: 0, W: 40, H: 20}})
	checkLetterboxed(t, out.Bytes())
	if err := s.Show(&media.VideoFrame{Width: 16, Height: 16, YStride: 16, CStride: 8, Y: make([]byte, 10)}); err == nil {
		t.Error("short Y plane accepted")
	}
	s.Close()
	if err := s.Show(bandFrame(render.BT709, 16, 16, red, blue)); err != ErrClosed {
		t.Errorf("Show after Close: %v", err)
	}
}

func TestSinkSkipsRatherThanFallBehind(t *testing.T) {
	const delay = 40 * time.Millisecond
	out := &syncBuffer{delay: delay}
	s, _ := New(Config{Out: out, Region: Rect{W: 40, H: 12}, MaxFPS: 1000})
	defer s.Close()
	frames := make([]*media.VideoFrame, 30)
	for i := range frames {
		c := [3]byte{byte(i * 8), 100, 100}
		frames[i] = bandFrame(render.BT601, 64, 48, c, c)
	}
	// the floor: the same loop's pauses alone, on this machine now
	start := time.Now()
	for range frames {
		time.Sleep(4 * time.Millisecond)
	}
	floor := time.Since(start)
	start = time.Now()
	for _, f := range frames {
		if err := s.Show(f); err != nil {
			t.Fatal(err)
		}
		time.Sleep(4 * time.Millisecond)
	}
	// Show waiting for each write would add 30 × 40 ms; allow half of that.
	if el := time.Since(start); el > floor+15*delay {
		t.Fatalf("30 Shows took %v (the pauses alone %v): Show waits for the terminal", el, floor)
	}
	deadline := time.Now().Add(2 * time.Second)
	for st := s.Stats(); st.Drawn+st.Skipped < 30 && time.Now().Before(deadline); st = s.Stats() {
		time.Sleep(10 * time.Millisecond)
	}
	st := s.Stats()
	if st.Shown != 30 || st.Skipped == 0 || st.Drawn+st.Skipped != 30 {
		t.Fatalf("stats %+v: want 30 shown, some skipped, drawn+skipped = 30", st)
	}
}

// TestRepaint: the same frame twice draws nothing the second time (its rows are
// unchanged), unless Repaint asked for the whole region again.
func TestRepaint(t *testing.T) {
	var out syncBuffer
	s, err := New(Config{Out: &out, Region: Rect{W: 40, H: 12}, MaxFPS: 1000})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f := bandFrame(render.BT709, 64, 48, red, blue)
	written := func(n int64) int {
		before := len(out.Bytes())
		if err := s.Show(f); err != nil {
			t.Fatal(err)
		}
		waitDrawn(t, s, n)
		return len(out.Bytes()) - before
	}
	first := written(1)
	if again := written(2); again >= first/4 {
		t.Errorf("an unchanged frame wrote %d bytes, the first %d", again, first)
	}
	s.Repaint()
	if repainted := written(3); repainted < first {
		t.Errorf("after Repaint the frame wrote %d bytes, want the whole region (≥ %d)", repainted, first)
	}
}

// TestRedrawWithoutNewFrames: paused (no frame comes), a new region still shows the
// last frame, fitted to it, and Repaint draws it again; neither counts as drawn.
func TestRedrawWithoutNewFrames(t *testing.T) {
	s, out := showBands(t, Config{Region: Rect{W: 40, H: 6}, MaxFPS: 1000})
	waitRedrawn := func(n int64) {
		t.Helper()
		waitStat(t, s, "redrawn", func(st Stats) int64 { return st.Redrawn }, n)
	}
	s.SetRegion(Rect{W: 40, H: 20})
	waitRedrawn(1)
	// Fitted to the new region, as TestSinkDrawsLetterboxed draws it: rows 6 to 14
	// lie outside the old 6-row region.
	checkLetterboxed(t, out.Bytes())
	before := len(out.Bytes())
	s.Repaint()
	waitRedrawn(2)
	if st := s.Stats(); st.Drawn != 1 || len(out.Bytes())-before == 0 {
		t.Errorf("after Repaint: %+v, %d bytes", st, len(out.Bytes())-before)
	}
}

func TestGridScale(t *testing.T) {
	g := Grid{W: 2, H: 2, Pix: []uint32{1, 2, 3, 4}}
	var d Grid
	g.scaleTo(&d, 4, 2)
	if want := []uint32{1, 1, 2, 2, 3, 3, 4, 4}; fmt.Sprint(d.Pix) != fmt.Sprint(want) || d.W != 4 || d.H != 2 {
		t.Errorf("2×2 → 4×2: %v %d×%d, want %v", d.Pix, d.W, d.H, want)
	}
	g.scaleTo(&d, 1, 1)
	if d.Pix[0] != 4 || len(d.Pix) != 1 {
		t.Errorf("2×2 → 1×1: %v", d.Pix)
	}
}
