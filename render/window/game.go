package window

import (
	"image"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
	"github.com/smoothie-player/smoothie/render"
)

// game is the ebiten.Game of a Window; its methods run on the main goroutine.
type game struct{ w *Window }

// Update forwards keys and applies requested window changes.
func (g game) Update() error {
	w := g.w
	if err := w.ctx.Err(); err != nil {
		return ebiten.Termination
	}
	w.keys = inpututil.AppendJustPressedKeys(w.keys[:0])
	w.chars = ebiten.AppendInputChars(w.chars[:0])
	toggle := false
	for _, k := range w.keys {
		if n := keyName(k); n != "" && w.cfg.OnKey != nil {
			w.cfg.OnKey(n)
		}
	}
	for _, c := range w.chars {
		if c == ' ' {
			continue // forwarded as "space"
		}
		if c == 'f' {
			toggle = true
		}
		if w.cfg.OnKey != nil {
			w.cfg.OnKey(string(c))
		}
	}
	w.mu.Lock()
	closed := w.closed
	toggle = toggle != w.toggle
	w.toggle = false
	if toggle {
		w.fullscreen = !w.fullscreen
	}
	fs := w.fullscreen
	w.mu.Unlock()
	if closed {
		return ebiten.Termination
	}
	if toggle {
		ebiten.SetFullscreen(fs)
	}
	return nil
}

// Draw uploads the newest frame, if any, and draws it letterboxed.
func (g game) Draw(screen *ebiten.Image) {
	w := g.w
	w.mu.Lock()
	if p := w.pending; p != nil {
		if w.tex == nil || w.frame.tw != p.tw || w.frame.th != p.th {
			if w.tex != nil {
				w.tex.Deallocate()
			}
			w.tex = ebiten.NewImage(p.tw, p.th)
		}
		w.tex.WritePixels(p.pix)
		w.frame.w, w.frame.h, w.frame.tw, w.frame.th = p.w, p.h, p.tw, p.th
		w.pending = nil
		w.free = p
		w.drawn++
		w.redraw = true
	}
	snaps := w.snapshots
	w.snapshots = nil
	overlay, captions := w.overlay, w.captions
	if w.overlayChanged || w.captionsChanged {
		w.redraw, w.overlayChanged, w.captionsChanged = true, false, false
	}
	w.mu.Unlock()

	// The screen keeps its pixels between refreshes (see Run): draw only when
	// there is a new frame or the screen changed size, not at every refresh.
	if b := screen.Bounds(); w.redraw || b != w.drawnOn {
		screen.Fill(image.Black.C)
		if w.tex != nil {
			w.drawFrame(screen)
			drawCaptions(screen, render.FitRect(b.Dx(), b.Dy(), w.frame.w, w.frame.h), captions)
		}
		w.drawOverlay(screen, overlay)
		w.redraw, w.drawnOn = false, b
	}
	if len(snaps) > 0 {
		b := screen.Bounds()
		img := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		screen.ReadPixels(img.Pix)
		for _, c := range snaps {
			c <- img
		}
	}
}

// drawFrame draws the texture through the YUV shader into the fitted rectangle.
func (w *Window) drawFrame(screen *ebiten.Image) {
	b := screen.Bounds()
	r := render.FitRect(b.Dx(), b.Dy(), w.frame.w, w.frame.h)
	if r.Empty() {
		return
	}
	m := render.MatrixFor(w.frame.w, w.frame.h)
	if w.cfg.Matrix != nil {
		m = *w.cfg.Matrix
	}
	pw, ph := float32(w.frame.w), float32(w.frame.h)
	x0, y0, x1, y1 := float32(r.Min.X), float32(r.Min.Y), float32(r.Max.X), float32(r.Max.Y)
	vs := []ebiten.Vertex{
		{DstX: x0, DstY: y0, SrcX: 0, SrcY: 0, ColorR: 1, ColorG: 1, ColorB: 1, ColorA: 1},
		{DstX: x1, DstY: y0, SrcX: pw, SrcY: 0, ColorR: 1, ColorG: 1, ColorB: 1, ColorA: 1},
		{DstX: x0, DstY: y1, SrcX: 0, SrcY: ph, ColorR: 1, ColorG: 1, ColorB: 1, ColorA: 1},
		{DstX: x1, DstY: y1, SrcX: pw, SrcY: ph, ColorR: 1, ColorG: 1, ColorB: 1, ColorA: 1},
	}
	ch := float32((w.frame.h + 1) / 2)
	op := &ebiten.DrawTrianglesShaderOptions{}
	op.Images[0] = w.tex
	op.Uniforms = map[string]any{
		"Rows": []float32{ph, ph, ph + ch},
		"Coef": []float32{float32(m.YScale), float32(m.RV), float32(m.GU), float32(m.GV)},
		"BU":   float32(m.BU),
	}
	screen.DrawTrianglesShader(vs, []uint16{0, 1, 2, 1, 3, 2}, w.shader, op)
}

// LayoutF makes the screen the window's size in physical pixels (its size in
// device-independent pixels times the monitor's scale factor, 2 on a typical HiDPI
// screen), so video is drawn at the display's own resolution rather than upscaled
// by ebiten, and records it. ebiten calls it instead of Layout.
func (g game) LayoutF(outsideW, outsideH float64) (float64, float64) {
	scale := 1.0
	if m := ebiten.Monitor(); m != nil && m.DeviceScaleFactor() > 0 {
		scale = m.DeviceScaleFactor()
	}
	pw, ph := physical(outsideW, scale), physical(outsideH, scale)
	w := g.w
	w.mu.Lock()
	changed := w.winW != pw || w.winH != ph || !w.sized
	w.winW, w.winH, w.sized = pw, ph, true
	w.mu.Unlock()
	w.scale = scale
	if changed && w.cfg.OnResize != nil {
		w.cfg.OnResize(pw, ph)
	}
	return float64(pw), float64(ph)
}

// physical converts a length in device-independent pixels to whole physical
// pixels at scale.
func physical(dip, scale float64) int {
	return int(math.Ceil(dip*scale - 1e-9))
}

// Layout is ebiten.Game's; ebiten calls LayoutF instead.
func (g game) Layout(outsideW, outsideH int) (int, int) {
	w, h := g.LayoutF(float64(outsideW), float64(outsideH))
	return int(w), int(h)
}
