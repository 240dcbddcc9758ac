package windowproc

import (
	"encoding/binary"
	"fmt"
	"image/color"
	"io"

	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/text/ttml"
)

// MsgCaptions replaces the subtitles drawn over the video: 'C', a length
// (uint32) and that many bytes (at most MaxCaptions): a top flag (1: the top of
// the picture), the number of lines, and each line's number of spans, each span
// its style (1 italic, 2 bold, 4 underline, 8 coloured), its colour (RGBA), and its
// UTF-8 text after a uint16 length. No line: none.
const (
	MsgCaptions = 'C'
	MaxCaptions = 8192
)

// AppendCaptions appends a captions message: lines at the bottom of the picture,
// or its top. What does not fit in MaxCaptions is left out.
func AppendCaptions(dst []byte, top bool, lines []ttml.Line) []byte {
	var body []byte
	if top {
		body = append(body, 1)
	} else {
		body = append(body, 0)
	}
	n := min(len(lines), 255)
	body = append(body, byte(n))
	for _, l := range lines[:n] {
		spans := l[:min(len(l), 255)]
		line := []byte{byte(len(spans))}
		for _, s := range spans {
			txt := s.Text[:min(len(s.Text), 1024)]
			var style byte
			for i, on := range []bool{s.Italic, s.Bold, s.Underline, s.Color.OK} {
				if on {
					style |= 1 << i
				}
			}
			c := s.Color.RGBA
			line = append(line, style, c.R, c.G, c.B, c.A)
			line = binary.LittleEndian.AppendUint16(line, uint16(len(txt)))
			line = append(line, txt...)
		}
		if len(body)+len(line) > MaxCaptions {
			body[1]-- // the lines that fit
			continue
		}
		body = append(body, line...)
	}
	dst = append(dst, MsgCaptions)
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(body)))
	return append(dst, body...)
}

// readCaptions reads a captions message's body.
func readCaptions(r io.Reader) (bool, []ttml.Line, error) {
	var n [4]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return false, nil, fmt.Errorf("render/windowproc: captions length: %w", err)
	}
	size := binary.LittleEndian.Uint32(n[:])
	if size < 2 || size > MaxCaptions {
		return false, nil, fmt.Errorf("render/windowproc: captions of %d bytes (2 to %d)", size, MaxCaptions)
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(r, b); err != nil {
		return false, nil, fmt.Errorf("render/windowproc: captions: %w", err)
	}
	bad := fmt.Errorf("render/windowproc: captions message cut short")
	top, count, b := b[0] == 1, int(b[1]), b[2:]
	var lines []ttml.Line
	for range count {
		if len(b) < 1 {
			return false, nil, bad
		}
		spans := int(b[0])
		b = b[1:]
		var line ttml.Line
		for range spans {
			if len(b) < 7 {
				return false, nil, bad
			}
			style := b[0]
			s := ttml.Span{Italic: style&1 != 0, Bold: style&2 != 0, Underline: style&4 != 0}
			s.Color = ttml.Color{RGBA: color.RGBA{R: b[1], G: b[2], B: b[3], A: b[4]}, OK: style&8 != 0}
			l := int(binary.LittleEndian.Uint16(b[5:]))
			b = b[7:]
			if len(b) < l {
				return false, nil, bad
			}
			s.Text, b = string(b[:l]), b[l:]
			line = append(line, s)
		}
		lines = append(lines, line)
	}
	return top, lines, nil
}

var _ player.CaptionSink = (*Sink)(nil)

// SetCaptions implements player.CaptionSink: the cues go to the window with the
// next frame sent (before it), drawn over the picture.
func (s *Sink) SetCaptions(cues []player.Cue) {
	top := false
	var lines []ttml.Line
	for _, c := range cues {
		lines = append(lines, c.Lines...)
		if c.Region != nil && c.Region.OriginY+c.Region.ExtentY/2 < 0.5 {
			top = true
		}
	}
	msg := AppendCaptions(nil, top, lines)
	s.mu.Lock()
	s.captions = msg
	s.mu.Unlock()
	s.kick()
}
