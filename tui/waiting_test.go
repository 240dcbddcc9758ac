package tui

import (
	"strings"
	"testing"
	"time"
)

// TestWaitingForTheOrigin: the header says how long the origin has sent nothing,
// and says nothing of it when the origin answers.
func TestWaitingForTheOrigin(t *testing.T) {
	st := playingStats()
	st.WaitingForOrigin = 7 * time.Second
	m, _ := runScreen(t, 120, 30, st, nil, nil)
	if v := m.View(); !strings.Contains(v, "waiting for the origin (7 s)") {
		t.Errorf("no waiting notice on the screen:\n%s", v)
	}
	st.WaitingForOrigin = 0
	if m, _ := runScreen(t, 120, 30, st, nil, nil); strings.Contains(m.View(), "waiting for the origin") {
		t.Errorf("a waiting notice while the origin answers:\n%s", m.View())
	}
}
