package window

import (
	"bytes"
	"image"
	"image/color"
	"sync"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/smoothie-player/smoothie/text/ttml"
)

// Captions are the subtitle lines drawn over the video (SetCaptions): at the
// bottom of the picture, centred, each line on a translucent black box so that it
// reads on any picture, in the Go fonts (regular, italic, bold) at a height that
// follows the picture's (a twentieth of it, at least 14 physical pixels), so that
// they are as large on a HiDPI screen as the picture is.
type Captions struct {
	Lines []ttml.Line
	// Top puts them at the top of the picture (a region in its upper half).
	Top bool
}

// SetCaptions replaces the subtitles drawn over the video (none: zero Captions).
func (w *Window) SetCaptions(c Captions) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.captions, w.captionsChanged = c, true
}

// faces are the Go fonts' sources, parsed once.
var faces struct {
	once                           sync.Once
	regular, italic, bold, boldIta *text.GoTextFaceSource
}

func faceFor(s ttml.Span) *text.GoTextFaceSource {
	faces.once.Do(func() {
		load := func(b []byte) *text.GoTextFaceSource {
			f, err := text.NewGoTextFaceSource(bytes.NewReader(b))
			if err != nil {
				panic("render/window: the Go fonts do not parse: " + err.Error())
			}
			return f
		}
		faces.regular, faces.italic = load(goregular.TTF), load(goitalic.TTF)
		faces.bold, faces.boldIta = load(gobold.TTF), load(gobolditalic.TTF)
	})
	switch {
	case s.Italic && s.Bold:
		return faces.boldIta
	case s.Italic:
		return faces.italic
	case s.Bold:
		return faces.bold
	}
	return faces.regular
}

// drawCaptions draws c over the picture rectangle r of screen.
func drawCaptions(screen *ebiten.Image, r image.Rectangle, c Captions) {
	if len(c.Lines) == 0 || r.Empty() {
		return
	}
	size := max(14, float64(r.Dy())/20)
	lineH := size * 1.3
	pad := size * 0.3
	margin := float64(r.Dy()) / 20
	y := float64(r.Max.Y) - margin - lineH*float64(len(c.Lines))
	if c.Top {
		y = float64(r.Min.Y) + margin
	}
	for _, l := range c.Lines {
		width := 0.0
		for _, s := range l {
			width += text.Advance(s.Text, &text.GoTextFace{Source: faceFor(s), Size: size})
		}
		x := float64(r.Min.X) + (float64(r.Dx())-width)/2
		vector.FillRect(screen, float32(x-pad), float32(y), float32(width+2*pad), float32(lineH), color.RGBA{A: 176}, false)
		for _, s := range l {
			face := &text.GoTextFace{Source: faceFor(s), Size: size}
			op := &text.DrawOptions{}
			op.GeoM.Translate(x, y+(lineH-size)/2)
			col := color.Color(color.White)
			if s.Color.OK {
				col = s.Color.RGBA
			}
			op.ColorScale.ScaleWithColor(col)
			text.Draw(screen, s.Text, face, op)
			adv := text.Advance(s.Text, face)
			if s.Underline {
				vector.FillRect(screen, float32(x), float32(y+lineH-pad), float32(adv), float32(max(1, size/14)), col, false)
			}
			x += adv
		}
		y += lineH
	}
}
