package main

import (
	"fmt"
	"time"

	"github.com/smoothie-player/smoothie/player"
)

// statusLine is the once-a-second headless stats line.
func statusLine(st player.Stats) string {
	line := fmt.Sprintf("%5.1fs %-9s pos %6.2f/%.2f video L%d %s buf %4.1fs audio buf %4.1fs tput %s decode %v shown %d dropped %d stalls %d errors %d abandoned %d",
		st.Elapsed.Seconds(), st.State, st.Position.Seconds(), st.Duration.Seconds(), st.Video.Level, player.FormatBitrate(st.Video.Bitrate),
		st.Video.Buffer.Seconds(), st.Audio.Buffer.Seconds(), player.FormatBitrate(st.Throughput), st.Video.DecodeTime.Round(10*time.Microsecond),
		st.FramesShown, st.FramesDropped, st.Stalls, st.Errors, st.Abandoned)
	if st.VideoUnavailable != "" {
		line = videoUnavailable(st) + "  " + line
	}
	if w := player.WaitingLine(st); w != "" {
		line += " " + w
	}
	if st.Stream != nil {
		line += " " + st.Stream.Line()
		for _, sk := range st.Stream.Skipped {
			line += " skipped " + sk
		}
	}
	if st.Protection != "" {
		line += " " + st.Protection
	}
	if st.Live {
		line += fmt.Sprintf(" live latency %.1fs target %.1fs dvr %.0fs refreshes %d skips %d media %.3fs", st.LiveLatency.Seconds(), st.LiveTarget.Seconds(),
			st.DVRWindow.Seconds(), st.ManifestRefreshes, st.LiveSkips, st.MediaTime.Seconds())
	}
	return line
}

// videoUnavailable is what every view says for the whole session when the video
// cannot play (and the exit status is 1).
func videoUnavailable(st player.Stats) string { return "video unavailable: " + st.VideoUnavailable }

// summaryLine is printed when playback ends; decoded says what happened to the
// frames ("decoded", or "paced, none decoded" under --decode none).
func summaryLine(st player.Stats, decoded string) string {
	return fmt.Sprintf("played %.2fs in %.2fs: first frame %v, %d frames %s, %d dropped, %d stalls (%.2fs), %d fragments (%d gaps, %d abandoned), %d bytes, avg %s bit/s, %d switches, %d errors",
		st.Played.Seconds(), st.Elapsed.Seconds(), st.TTFF.Round(time.Millisecond), st.FramesDecoded, decoded, st.FramesDropped, st.Stalls,
		st.StallTime.Seconds(), st.Fragments, st.Gaps, st.Abandoned, st.Bytes, player.FormatBitrate(st.AvgBitrate), st.Switches, st.Errors)
}
