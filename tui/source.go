package tui

import (
	"fmt"

	"github.com/smoothie-player/smoothie/player"
)

// noLevels is what the pin keys say on a received stream.
const noLevels = "no quality levels on an RTSP source"

// source is the ladder's place for a received stream (RTSP): no levels and no
// ABR, but the transport, each stream with its codec, size, bitrate and jitter,
// the loss, the latency and the reconnections.
func (m Model) source(l layout) []string {
	s, st := m.styles, m.st.Stream
	head := s.Section.Render("Source") + "  RTSP " + st.Transport
	if st.Reconnecting {
		head += "  " + s.Warning.Render("reconnecting")
	}
	out := []string{head}
	for _, ss := range st.Streams {
		res := ""
		if tr := m.st.Video; ss.Kind == "video" && len(tr.Levels) > 0 && tr.Levels[0].Width > 0 {
			res = fmt.Sprintf("%dx%d", tr.Levels[0].Width, tr.Levels[0].Height)
		}
		out = append(out, fmt.Sprintf("  %-5s %-4s %-8s %5s  jitter %s", ss.Kind, ss.Codec, res, player.FormatBitrate(ss.Bitrate), ms(ss.Jitter)))
	}
	loss := fmt.Sprintf("  loss %.1f%% (%d of %d)", 100*st.LossRatio(), st.Lost, st.Received+st.Lost)
	if st.Lost > 0 {
		loss = s.Warning.Render(loss)
	}
	out = append(out, loss)
	line := "  "
	if st.Latency > 0 {
		line += fmt.Sprintf("latency %.2fs  ", st.Latency.Seconds())
	}
	out = append(out, line+fmt.Sprintf("reconnects %d", st.Reconnects))
	for _, sk := range st.Skipped {
		out = append(out, s.Dim.Render("  skipped "+sk))
	}
	if a := m.st.Audio; a.Active {
		for len(out) < l.top-1 {
			out = append(out, "")
		}
		out = append(out, s.Section.Render("Audio")+"  "+audioName(a))
	}
	return out
}
