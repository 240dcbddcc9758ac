package tui

import (
	"fmt"
	"strings"

	"github.com/smoothie-player/smoothie/player"
)

// Overlay is the small stats panel a video window draws over the picture (s in the
// window): a few lines of printable ASCII, as the window's built-in font has
// nothing else.
func Overlay(st player.Stats) string {
	v := st.Video
	var b strings.Builder
	pos := clock(st.Position) + " / " + clock(st.Duration)
	if st.Live {
		pos = fmt.Sprintf("LIVE %.1fs behind the edge", st.LiveLatency.Seconds())
	}
	fmt.Fprintf(&b, "%s  %s\n", st.State, pos)
	if v.Level > 0 && v.Level <= len(v.Levels) {
		l := v.Levels[v.Level-1]
		fmt.Fprintf(&b, "video L%d %s %dx%d %s", v.Level, player.FormatBitrate(v.Bitrate), l.Width, l.Height, l.Codec)
		if v.DownloadLevel != v.Level && v.DownloadLevel > 0 {
			fmt.Fprintf(&b, ", next L%d", v.DownloadLevel)
		}
		b.WriteString("\n")
	}
	quality := "auto"
	if p := pinLevel(st.Pinned, v.Levels); p > 0 {
		quality = fmt.Sprintf("pinned L%d", p)
	}
	if c, why := v.CapLevel(); c > 0 {
		quality += fmt.Sprintf(", capped at L%d (%s)", c, why)
	}
	fmt.Fprintf(&b, "quality %s\n", quality)
	fmt.Fprintf(&b, "throughput %s  buffer %.1fs / %.1fs\n", player.FormatBitrate(st.Throughput), v.Buffer.Seconds(), st.Audio.Buffer.Seconds())
	fmt.Fprintf(&b, "decode %s of %s  frames %d, %d dropped\n", ms(v.DecodeTime), ms(v.FrameDuration), st.FramesDecoded, st.FramesDropped)
	fmt.Fprintf(&b, "stalls %d (%.1fs)", st.Stalls, st.StallTime.Seconds())
	return b.String()
}
