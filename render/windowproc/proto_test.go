package windowproc

import (
	"bytes"
	"errors"
	"image/color"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/text/ttml"
)

func TestFrameRoundTrip(t *testing.T) {
	f := &media.VideoFrame{Width: 5, Height: 3, YStride: 8, CStride: 4, PTS: 1234567,
		Y: make([]byte, 8*3), U: make([]byte, 4*2), V: make([]byte, 4*2)}
	for i := range f.Y {
		f.Y[i] = byte(i)
	}
	for i := range f.U {
		f.U[i], f.V[i] = byte(100+i), byte(200+i)
	}
	msg := AppendFrame(nil, f)
	msg = append(msg, MsgFullscreen)
	msg = AppendOverlay(msg, "playing 0:58.5\nL4 2.5M")
	msg = AppendFrame(msg, f)
	r := NewReader(bytes.NewReader(msg))
	for i, want := range []byte{MsgFrame, MsgFullscreen, MsgOverlay, MsgFrame} {
		kind, g, err := r.Next()
		if err != nil || kind != want {
			t.Fatalf("message %d: %q %v, want %q", i, kind, err, want)
		}
		if kind == MsgOverlay && r.Overlay() != "playing 0:58.5\nL4 2.5M" {
			t.Fatalf("overlay %q", r.Overlay())
		}
		if kind != MsgFrame {
			continue
		}
		if g.Width != 5 || g.Height != 3 || g.PTS != f.PTS {
			t.Fatalf("frame %dx%d at %v", g.Width, g.Height, g.PTS)
		}
		for y := range 3 {
			for x := range 5 {
				if g.Y[y*g.YStride+x] != f.Y[y*f.YStride+x] {
					t.Fatalf("Y[%d,%d] = %d", x, y, g.Y[y*g.YStride+x])
				}
			}
		}
		for y := range 2 {
			for x := range 3 {
				if g.U[y*g.CStride+x] != f.U[y*f.CStride+x] || g.V[y*g.CStride+x] != f.V[y*f.CStride+x] {
					t.Fatalf("chroma [%d,%d] differs", x, y)
				}
			}
		}
	}
	if _, _, err := r.Next(); !errors.Is(err, io.EOF) {
		t.Fatalf("after the last message: %v", err)
	}
	// Truncated and garbage input: errors, no panic.
	if _, _, err := NewReader(bytes.NewReader(msg[:30])).Next(); err == nil {
		t.Fatal("truncated frame accepted")
	}
	if _, _, err := NewReader(bytes.NewReader([]byte("F\xff\xff\xff\xff\x01\x00\x00\x00"))).Next(); err == nil {
		t.Fatal("huge frame accepted")
	}
	if _, _, err := NewReader(bytes.NewReader([]byte("X"))).Next(); err == nil {
		t.Fatal("unknown message accepted")
	}
	if _, _, err := NewReader(bytes.NewReader([]byte("S\xff\xff\x00\x00"))).Next(); err == nil {
		t.Fatal("an overlay beyond MaxOverlay accepted")
	}
	if _, _, err := NewReader(bytes.NewReader([]byte("S\x05\x00\x00\x00ab"))).Next(); err == nil {
		t.Fatal("truncated overlay accepted")
	}
	// a long text is cut at a rune boundary to MaxOverlay bytes
	long := AppendOverlay(nil, strings.Repeat("é", MaxOverlay))
	lr := NewReader(bytes.NewReader(long))
	if _, _, err := lr.Next(); err != nil || len(lr.Overlay()) != MaxOverlay || !utf8.ValidString(lr.Overlay()) {
		t.Fatalf("long overlay: %v, %d bytes, valid %v", err, len(lr.Overlay()), utf8.ValidString(lr.Overlay()))
	}
}

func TestHelperThatCannotStart(t *testing.T) {
	if _, err := Start(Config{}); err == nil {
		t.Fatal("Start without a command succeeded")
	}
	// A helper that exits at once (as one without a display does): Show fails
	// with ErrClosed, Err says why.
	s, err := Start(Config{Command: []string{"sh", "-c", "exit 3"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WaitOpen(10 * time.Second); err == nil || !strings.Contains(err.Error(), "exit status 3") {
		t.Fatalf("WaitOpen on a helper that failed: %v", err)
	}
	<-s.Done()
	f := &media.VideoFrame{Width: 2, Height: 2, YStride: 2, CStride: 1, Y: make([]byte, 4), U: []byte{0}, V: []byte{0}}
	if err := s.Show(f); !errors.Is(err, ErrClosed) {
		t.Fatalf("Show after the helper died: %v", err)
	}
	if s.Err() == nil {
		t.Fatal("Err is nil after the helper failed")
	}
	s.Close()
	// One that exits cleanly without a window, and one that opens one.
	s, _ = Start(Config{Command: []string{"true"}})
	if err := s.WaitOpen(10 * time.Second); err == nil || !strings.Contains(err.Error(), "before opening a window") {
		t.Errorf("WaitOpen on a helper that exited: %v", err)
	}
	s.Close()
	s, _ = Start(Config{Command: []string{"sh", "-c", "echo size 640 360; cat >/dev/null"}})
	if err := s.WaitOpen(10 * time.Second); err != nil {
		t.Errorf("WaitOpen on a helper that opened: %v", err)
	}
	if w, h := s.Size(); w != 640 || h != 360 {
		t.Errorf("Size %dx%d", w, h)
	}
	s.Close()
}

// FuzzReader: any input gives messages or an error, never a panic or a huge allocation.
func FuzzReader(f *testing.F) {
	fr := &media.VideoFrame{Width: 4, Height: 2, YStride: 4, CStride: 2, Y: make([]byte, 8), U: make([]byte, 2), V: make([]byte, 2)}
	f.Add(AppendOverlay(append(AppendFrame(nil, fr), MsgFullscreen), "stats"))
	f.Add([]byte("S\x05\x00\x00\x00ab"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r := NewReader(bytes.NewReader(b))
		for i := 0; i < 64; i++ {
			kind, fr, err := r.Next()
			if err != nil {
				return
			}
			if kind == MsgFrame && (fr == nil || len(fr.Y) != fr.Width*fr.Height) {
				t.Fatalf("frame %+v", fr)
			}
			if kind == MsgOverlay && len(r.Overlay()) > MaxOverlay {
				t.Fatalf("overlay of %d bytes", len(r.Overlay()))
			}
		}
	})
}

func TestCaptionsRoundTrip(t *testing.T) {
	lines := []ttml.Line{
		{{Text: "plain "}, {Text: "italic", Italic: true}},
		{{Text: "bold red", Bold: true, Underline: true, Color: ttml.Color{RGBA: color.RGBA{R: 255, A: 255}, OK: true}}},
	}
	msg := AppendCaptions(nil, true, lines)
	msg = AppendCaptions(msg, false, nil)
	r := NewReader(bytes.NewReader(msg))
	kind, _, err := r.Next()
	if err != nil || kind != MsgCaptions {
		t.Fatalf("kind %q, %v", kind, err)
	}
	top, got := r.Captions()
	if !top || !reflect.DeepEqual(got, lines) {
		t.Errorf("captions %v %+v, want top %+v", top, got, lines)
	}
	if kind, _, err = r.Next(); err != nil || kind != MsgCaptions {
		t.Fatalf("second: %q, %v", kind, err)
	}
	if top, got = r.Captions(); top || len(got) != 0 {
		t.Errorf("no captions read as %v %+v", top, got)
	}
	// A message cut short, or claiming more than MaxCaptions, is an error.
	for _, b := range [][]byte{msg[:10], {MsgCaptions, 0xff, 0xff, 0, 0}} {
		if _, _, err := NewReader(bytes.NewReader(b)).Next(); err == nil {
			t.Errorf("%q read without an error", b)
		}
	}
	// Lines beyond MaxCaptions are left out, the rest kept.
	long := make([]ttml.Line, 20)
	for i := range long {
		long[i] = ttml.Line{{Text: strings.Repeat("x", 1000)}}
	}
	r = NewReader(bytes.NewReader(AppendCaptions(nil, false, long)))
	if _, _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	if _, got := r.Captions(); len(got) == 0 || len(got) >= 20 {
		t.Errorf("%d of 20 long lines kept, want those that fit %d bytes", len(got), MaxCaptions)
	}
}
