// Package windowproc shows video in a window that lives in a helper process, so that
// a program can offer a window without linking ebiten: a binary that links ebiten
// panics at start-up when there is no display, which would take `smoothie serve`,
// `inspect` and headless play down with it on a machine without X.
//
// The helper is any binary whose main calls window.ServePipe on os.Stdin and
// os.Stdout. This package holds the sink that starts it (Start) and the pipe protocol
// both sides speak. It must not import ebiten.
//
// Protocol, from the player to the helper, little-endian: 'F' then width, height
// (uint32), PTS in nanoseconds (int64), then the Y, U and V planes without padding;
// 'T' toggles fullscreen; 'S' then a length (uint32) and that many bytes of UTF-8
// text (at most MaxOverlay) replaces the stats overlay drawn over the video (empty:
// none); 'C' replaces the subtitles drawn over it (see MsgCaptions). End of input closes the window. From the helper to the
// player, text lines: "size W H" when the window's size changes, "key NAME" for a
// key press (names as in window.Config.OnKey).
package windowproc

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/render"
	"github.com/smoothie-player/smoothie/text/ttml"
)

// Message kinds on the player→helper pipe.
const (
	MsgFrame      = 'F'
	MsgFullscreen = 'T'
	MsgOverlay    = 'S'
)

// MaxOverlay bounds the overlay text, in bytes.
const MaxOverlay = 4096

// AppendOverlay appends an overlay message with text (cut to MaxOverlay bytes at
// a rune boundary).
func AppendOverlay(dst []byte, text string) []byte {
	if len(text) > MaxOverlay {
		cut := MaxOverlay
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	dst = append(dst, MsgOverlay)
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(text)))
	return append(dst, text...)
}

// AppendFrame appends f (checked) as a frame message.
func AppendFrame(dst []byte, f *media.VideoFrame) []byte {
	dst = append(dst, MsgFrame)
	dst = binary.LittleEndian.AppendUint32(dst, uint32(f.Width))
	dst = binary.LittleEndian.AppendUint32(dst, uint32(f.Height))
	dst = binary.LittleEndian.AppendUint64(dst, uint64(f.PTS))
	for y := range f.Height {
		dst = append(dst, f.Y[y*f.YStride:y*f.YStride+f.Width]...)
	}
	cw, ch := f.ChromaSize()
	for _, p := range [][]byte{f.U, f.V} {
		for y := range ch {
			dst = append(dst, p[y*f.CStride:y*f.CStride+cw]...)
		}
	}
	return dst
}

// Reader reads player→helper messages.
type Reader struct {
	r     *bufio.Reader
	buf   []byte
	text  string
	top   bool
	lines []ttml.Line
}

// Captions are the lines of the last captions message Next returned, and whether
// they go at the top of the picture.
func (m *Reader) Captions() (top bool, lines []ttml.Line) { return m.top, m.lines }

// Overlay is the text of the last overlay message Next returned.
func (m *Reader) Overlay() string { return m.text }

// NewReader reads messages from r.
func NewReader(r io.Reader) *Reader { return &Reader{r: bufio.NewReaderSize(r, 1<<16)} }

// Next returns the next message kind and, for a frame, the frame; the frame's
// planes are valid until the next call. It returns io.EOF at the end of input.
func (m *Reader) Next() (byte, *media.VideoFrame, error) {
	kind, err := m.r.ReadByte()
	if err != nil {
		return 0, nil, err
	}
	switch kind {
	case MsgFullscreen:
		return kind, nil, nil
	case MsgOverlay:
		var n [4]byte
		if _, err := io.ReadFull(m.r, n[:]); err != nil {
			return 0, nil, fmt.Errorf("render/windowproc: overlay length: %w", err)
		}
		size := binary.LittleEndian.Uint32(n[:])
		if size > MaxOverlay {
			return 0, nil, fmt.Errorf("render/windowproc: overlay of %d bytes (at most %d)", size, MaxOverlay)
		}
		b := make([]byte, size)
		if _, err := io.ReadFull(m.r, b); err != nil {
			return 0, nil, fmt.Errorf("render/windowproc: overlay text: %w", err)
		}
		m.text = string(b)
		return kind, nil, nil
	case MsgCaptions:
		top, lines, err := readCaptions(m.r)
		if err != nil {
			return 0, nil, err
		}
		m.top, m.lines = top, lines
		return kind, nil, nil
	case MsgFrame:
	default:
		return 0, nil, fmt.Errorf("render/windowproc: unknown message %q", kind)
	}
	var hdr [16]byte
	if _, err := io.ReadFull(m.r, hdr[:]); err != nil {
		return 0, nil, fmt.Errorf("render/windowproc: frame header: %w", err)
	}
	w := int(binary.LittleEndian.Uint32(hdr[0:]))
	h := int(binary.LittleEndian.Uint32(hdr[4:]))
	if w <= 0 || h <= 0 || w > render.MaxFrameSide || h > render.MaxFrameSide {
		return 0, nil, fmt.Errorf("render/windowproc: frame size %dx%d", w, h)
	}
	f := &media.VideoFrame{Width: w, Height: h, YStride: w, PTS: time.Duration(binary.LittleEndian.Uint64(hdr[8:]))}
	cw, ch := f.ChromaSize()
	f.CStride = cw
	n := w*h + 2*cw*ch
	if cap(m.buf) < n {
		m.buf = make([]byte, n)
	}
	m.buf = m.buf[:n]
	if _, err := io.ReadFull(m.r, m.buf); err != nil {
		return 0, nil, fmt.Errorf("render/windowproc: %dx%d frame: %w", w, h, err)
	}
	f.Y = m.buf[:w*h]
	f.U = m.buf[w*h : w*h+cw*ch]
	f.V = m.buf[w*h+cw*ch:]
	return kind, f, nil
}
