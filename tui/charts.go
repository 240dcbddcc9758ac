package tui

import (
	"strings"
	"time"

	chartrunes "github.com/NimbleMarkets/ntcharts/canvas/runes"
	"github.com/NimbleMarkets/ntcharts/linechart"
	"github.com/NimbleMarkets/ntcharts/linechart/streamlinechart"
	"github.com/NimbleMarkets/ntcharts/sparkline"

	"github.com/smoothie-player/smoothie/player"
)

// maxHistory bounds the chart history: one sample per second of session time,
// ten minutes.
const maxHistory = 600

// samples is what the charts draw, oldest first, one sample per second.
type samples struct {
	tput, sel  []float64 // throughput estimate and the selected (downloading) video bitrate, bits/s
	vbuf, abuf []float64 // buffer ahead per track, seconds
}

func (h *samples) push(st player.Stats) {
	add := func(s *[]float64, v float64) {
		if len(*s) == maxHistory {
			*s = append((*s)[:0], (*s)[1:]...)
		}
		*s = append(*s, v)
	}
	add(&h.tput, float64(st.Throughput))
	add(&h.sel, float64(st.Video.DownloadBitrate))
	add(&h.vbuf, st.Video.Buffer.Seconds())
	add(&h.abuf, st.Audio.Buffer.Seconds())
}

// span is the session time the charts cover at w columns (one second per sample).
func (h *samples) span(w int) time.Duration {
	return time.Duration(min(len(h.tput), w*perColumn(len(h.tput), w))) * time.Second
}

// perColumn is how many samples one of w columns sums up so n fit.
func perColumn(n, w int) int {
	if w <= 0 {
		return 1
	}
	return max((n+w-1)/w, 1)
}

// columns folds s into at most w values, the newest last: the mean of each group
// of samples, or with last its final sample (for step signals such as a bitrate).
func columns(s []float64, w int, last bool) []float64 {
	per := perColumn(len(s), w)
	out := make([]float64, 0, min(len(s), w))
	for end := len(s); end > 0 && len(out) < w; end -= per {
		g := s[max(end-per, 0):end]
		v := g[len(g)-1]
		if !last {
			v = 0
			for _, x := range g {
				v += x
			}
			v /= float64(len(g))
		}
		out = append(out, v)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// throughputChart draws the throughput estimate (arc line) against the selected
// bitrate (square line) as a w×h line chart with its scale on the left axis.
func throughputChart(h *samples, w, rows int, s Styles) []string {
	top := 0.0
	for i := range h.tput {
		top = max(top, h.tput[i], h.sel[i])
	}
	if top <= 0 {
		top = 1_000_000
	}
	top *= 1.1
	// the chart scales values to rows-1 steps (its origin row); label by the same
	// measure (the library's own labels divide by rows)
	axis := func(i int, _ float64) string {
		return player.FormatBitrate(int64(top * float64(i) / float64(max(rows-1, 1))))
	}
	lc := linechart.New(w, rows, 0, 1, 0, top,
		linechart.WithXYSteps(0, max(rows-1, 1)),
		linechart.WithYLabelFormatter(axis),
		linechart.WithStyles(s.Dim, s.Dim, s.Throughput))
	c := streamlinechart.New(w, rows, streamlinechart.WithLineChart(&lc),
		streamlinechart.WithDataSetStyles("1 selected", chartrunes.ThinLineStyle, s.Selected),
		streamlinechart.WithDataSetStyles("2 throughput", chartrunes.ArcLineStyle, s.Throughput))
	cols := max(c.GraphWidth(), 1)
	for _, v := range columns(h.sel, cols, true) {
		c.PushDataSet("1 selected", v)
	}
	for _, v := range columns(h.tput, cols, false) {
		c.PushDataSet("2 throughput", v)
	}
	c.DrawAll()
	return strings.Split(c.View(), "\n")
}

// bufferChart draws one track's buffer as a w×rows sparkline.
func bufferChart(buf []float64, w, rows int, s Styles) []string {
	sl := sparkline.New(w, rows, sparkline.WithStyle(s.Buffer))
	sl.PushAll(columns(buf, w, false))
	sl.DrawColumnsOnly()
	return strings.Split(sl.View(), "\n")
}

// drawCharts renders the charts once, for every View until the next sample or resize.
func (m *Model) drawCharts() {
	l := m.layout()
	m.tputRows = throughputChart(&m.hist, l.right, l.tputH, m.styles)
	m.vbufRows = bufferChart(m.hist.vbuf, l.bufW, l.bufH, m.styles)
	m.abufRows = bufferChart(m.hist.abuf, l.bufW, l.bufH, m.styles)
}
