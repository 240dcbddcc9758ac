package tui

import (
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/player"
)

// TestVideoUnavailableNotice: the panel says why the video cannot play for the
// whole session, over an error event's passing notice.
func TestVideoUnavailableNotice(t *testing.T) {
	st := playingStats()
	st.VideoUnavailable = `video stream "video": unknown FourCC "VP80"`
	m, _ := runScreen(t, 120, 30, st, nil, []player.Event{player.ErrorEvent{Msg: "some level left out"}})
	if got := m.noticeLine(); !strings.Contains(got, `video unavailable: video stream "video": unknown FourCC "VP80"`) {
		t.Errorf("notice line %q", got)
	}
	st.VideoUnavailable = ""
	m, _ = runScreen(t, 120, 30, st, nil, nil)
	if got := m.noticeLine(); strings.Contains(got, "unavailable") {
		t.Errorf("notice line %q", got)
	}
}
