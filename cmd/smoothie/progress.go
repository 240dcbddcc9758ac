package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/smoothie-player/smoothie/origin/pack"
)

// progressBar shows pack progress on stderr: a redrawn bar with levels, percent,
// speed and ETA on a terminal; otherwise a plain line every 10 %.
type progressBar struct {
	w        io.Writer
	tty      bool
	now      func() time.Time
	start    time.Time
	lastDraw time.Time
	lastTen  int
	drawn    bool
}

func newProgressBar(w io.Writer, tty bool, now func() time.Time) *progressBar {
	return &progressBar{w: w, tty: tty, now: now, start: now(), lastTen: -1}
}

// update is the pack.Progress callback.
func (b *progressBar) update(p pack.Progress) {
	t := b.now()
	elapsed := t.Sub(b.start)
	// Speed is media time packed per second of wall time over the whole job (audio
	// included), as a multiple of real time.
	speed := 0.0
	if elapsed > 0 {
		media := p.Done.Seconds()
		if p.Total > 0 {
			media = p.Fraction * p.Total.Seconds()
		}
		speed = media / elapsed.Seconds()
	}
	eta := "?"
	if p.Fraction > 0.01 {
		eta = (time.Duration(float64(elapsed) * (1 - p.Fraction) / p.Fraction)).Round(time.Second).String()
	}
	pct := int(p.Fraction * 100)
	if !b.tty {
		if ten := pct / 10; ten > b.lastTen {
			b.lastTen = ten
			fmt.Fprintf(b.w, "pack: %3d%%  %s  levels: %d  %.1fs of %.1fs  %.2fx real time  ETA %s\n",
				pct, p.Stage, p.Levels, p.Done.Seconds(), p.Total.Seconds(), speed, eta)
		}
		return
	}
	if t.Sub(b.lastDraw) < 100*time.Millisecond && p.Fraction < 1 {
		return
	}
	b.lastDraw = t
	const width = 30
	fill := min(width, int(p.Fraction*width))
	fmt.Fprintf(b.w, "\r\x1b[Kpack [%s%s] %3d%%  %-5s levels: %d  %.2fx  ETA %s",
		strings.Repeat("#", fill), strings.Repeat(".", width-fill), pct, p.Stage, p.Levels, speed, eta)
	b.drawn = true
}

// finish ends the bar's line.
func (b *progressBar) finish() {
	if b.tty && b.drawn {
		fmt.Fprintln(b.w)
	}
}
