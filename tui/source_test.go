package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/smoothie-player/smoothie/player"
)

// rtspStats is an RTSP session's snapshot: one level a track and the stream's
// counters.
func rtspStats() player.Stats {
	st := playingStats()
	st.Live = true
	st.Video.Levels = []player.Level{{Bitrate: 1, Width: 320, Height: 180, Codec: "h264"}}
	st.Video.Level, st.Video.DownloadLevel = 1, 1
	st.Stream = &player.StreamStats{Transport: "udp", Received: 3662, Lost: 191, Reconnects: 1, Latency: 550 * time.Millisecond,
		Streams: []player.StreamStat{{Kind: "video", Codec: "h264", Packets: 2100, Jitter: 2100 * time.Microsecond, Bitrate: 301_000},
			{Kind: "audio", Codec: "aac", Packets: 1562, Jitter: 800 * time.Microsecond, Bitrate: 99_000}}}
	return st
}

// TestSourceSection: on an RTSP source the ladder is a source section with the
// loss and jitter, and the pin keys say there are no levels.
func TestSourceSection(t *testing.T) {
	m, f := runScreen(t, 120, 30, rtspStats(), nil, nil, runes("3"))
	view := ansi.Strip(m.View())
	for _, want := range []string{"Source  RTSP udp", "loss 5.0% (191 of 3853)", "jitter 2.1ms", "jitter 0.8ms", "latency 0.55s", "reconnects 1", "video h264 320x180"} {
		if !strings.Contains(view, want) {
			t.Errorf("panel lacks %q:\n%s", want, view)
		}
	}
	if strings.Contains(view, "manifest") {
		t.Errorf("a manifest on an RTSP source:\n%s", view)
	}
	if strings.Contains(view, "pinned") {
		t.Errorf("a pin on an RTSP source:\n%s", view)
	}
	if m.notice != noLevels {
		t.Errorf("notice %q after 3, want %q", m.notice, noLevels)
	}
	for _, c := range f.Calls() {
		if strings.HasPrefix(c, "SetQuality") {
			t.Errorf("the pin key reached the session: %v", f.Calls())
		}
	}
	st := rtspStats()
	st.Stream.Reconnecting = true
	m, _ = runScreen(t, 120, 30, st, nil, nil)
	if view := ansi.Strip(m.View()); !strings.Contains(view, "reconnecting") {
		t.Errorf("panel does not say reconnecting:\n%s", view)
	}
}
