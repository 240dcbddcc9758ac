package main

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/player"
)

// recorder is a tui.Controller that records the commands it is given.
type recorder struct {
	calls []string
	st    player.Stats
}

func (r *recorder) record(format string, a ...any) {
	r.calls = append(r.calls, fmt.Sprintf(format, a...))
}
func (r *recorder) Stats() player.Stats         { return r.st }
func (r *recorder) TogglePause()                { r.record("TogglePause") }
func (r *recorder) SeekBy(d time.Duration)      { r.record("SeekBy %v", d) }
func (r *recorder) SetQuality(q player.Quality) { r.record("SetQuality %v", q) }
func (r *recorder) SetVolume(v float64)         { r.record("SetVolume %.1f", v) }
func (r *recorder) SetMuted(m bool)             { r.record("SetMuted %v", m) }
func (r *recorder) AudioTracks() []string       { return []string{"audio (en)", "commentary (fr)"} }
func (r *recorder) SelectAudio(i int)           { r.record("SelectAudio %d", i) }
func (r *recorder) CycleText()                  { r.record("CycleText") }
func (r *recorder) NextChapter()                { r.record("NextChapter") }
func (r *recorder) PrevChapter()                { r.record("PrevChapter") }

// TestWindowKeyRouting: the window's keys do what tui/keymap's table says; the
// keys the window has no use for (no ladder cursor, log or help screen) do
// nothing; p and n jump between chapters.
func TestWindowKeyRouting(t *testing.T) {
	r := &recorder{st: player.Stats{Audio: player.TrackStats{Name: "audio", Lang: "en"}}}
	stopped := 0
	k := newKeyControl(r, func() { stopped++ })
	var overlay []string
	k.overlay = &windowOverlay{set: func(s string) { overlay = append(overlay, s) }, stats: r.Stats}
	for _, name := range []string{"p", "n", "up", "down", "k", "j", "enter", "l", "tab", "?", "f", "F5",
		"space", "left", "right", "3", "0", "a", "t", "c", "m", "-", "+", "=", "s", "v", "q", "esc"} {
		k.key(name)
	}
	want := []string{"PrevChapter", "NextChapter", "TogglePause", "SeekBy -10s", "SeekBy 10s", "SetQuality 3", "SetQuality auto", "SetQuality auto",
		"SelectAudio 1", "CycleText", "SetMuted true", "SetVolume 0.9", "SetVolume 1.0", "SetVolume 1.0"}
	if !reflect.DeepEqual(r.calls, want) {
		t.Errorf("calls\n got %q\nwant %q", r.calls, want)
	}
	if len(overlay) != 2 || overlay[0] == "" || overlay[1] != "" || stopped != 2 {
		t.Errorf("overlay %q (want on at s, off at v), stopped %d times (want q, esc)", overlay, stopped)
	}
}
