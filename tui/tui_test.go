package tui

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/player"
)

func TestMain(m *testing.M) {
	// Goldens are plain text: the screen as a NO_COLOR terminal shows it.
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	os.Exit(m.Run())
}

// testOptions poll only once (at start): the tests feed snapshots as messages.
var testOptions = Options{URL: "http://127.0.0.1:8080/demo.ism/Manifest", Outputs: "video: window, audio: sound device", Interval: time.Hour}

// runScreen starts the panel at w×h on a fake whose first snapshot is first,
// feeds snaps and events, then sends keys, and returns the final model.
func runScreen(t *testing.T, w, h int, first player.Stats, snaps []player.Stats, events []player.Event, keys ...tea.KeyMsg) (Model, *fakeController) {
	t.Helper()
	f := &fakeController{st: first, audio: []string{"audio (en)", "commentary (fr)"}}
	tm := teatest.NewTestModel(t, New(f, testOptions), teatest.WithInitialTermSize(w, h))
	// the first snapshot is on the screen (the output is a stream of redraws)
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte(fmt.Sprintf("%d frames", first.FramesDecoded))) || bytes.Contains(b, []byte(fmt.Sprintf("%d decoded", first.FramesDecoded)))
	},
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
	for _, st := range snaps {
		tm.Send(statsMsg(st))
	}
	for _, e := range events {
		tm.Send(eventMsg{e})
	}
	for _, k := range keys {
		tm.Send(k)
	}
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	return tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model), f
}

func runes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

func TestGolden(t *testing.T) {
	live := playingStats()
	live.Live, live.Duration = true, 0
	live.Position, live.LiveLatency, live.DVRWindow = 2*time.Hour+3*time.Minute, 6200*time.Millisecond, 2*time.Minute
	live.ManifestRefreshes = 31
	paused := playingStats()
	paused.State = player.StatePaused
	pinned := playingStats()
	pinned.Pinned = player.Quality{Level: 2}
	pinned.Video.DownloadLevel, pinned.Video.DownloadBitrate = 2, 600_000
	pinnedEvents := append(switches(), player.SwitchEvent{At: player.At(59 * time.Second), Kind: 1, From: 4_500_000, To: 600_000, Reason: "pinned by the user", Pinned: true})
	stalled := playingStats()
	stalled.State = player.StateStalled
	stalled.Video.Buffer, stalled.Audio.Buffer = 0, 0
	stalledEvents := append(switches(), player.StallEvent{At: player.At(60 * time.Second), Position: 58500 * time.Millisecond})
	// decoding cannot keep up above level 3: the engine caps there
	cpu := playingStats()
	cpu.Video.Level, cpu.Video.Bitrate, cpu.Video.DownloadLevel, cpu.Video.DownloadBitrate = 3, 1_200_000, 3, 1_200_000
	cpu.Video.DecodeTime, cpu.CPULoad = 31*time.Millisecond, 0.93
	cpu.Video.Caps = []player.Cap{{Level: 3, Reason: player.CapCPU, Note: "decode 41.3 ms/frame > 85% of 40.0 ms at 2500 kbps"}}
	cpuEvents := append(switches(), player.SwitchEvent{At: player.At(59 * time.Second), Kind: 1, From: 4_500_000, To: 1_200_000,
		Reason: "↓ 4500→1200 kbps: safe throughput 6.1 Mbps; capped: decode 41.3 ms/frame > 85% of 40.0 ms at 2500 kbps"})
	noBattery := playingStats()
	noBattery.Power, noBattery.CPULoad = abr.Power{}, -1
	cases := []struct {
		name   string
		st     player.Stats
		events []player.Event
	}{
		{"playing", playingStats(), switches()},
		{"paused", paused, switches()},
		{"pinned", pinned, pinnedEvents},
		{"stalled", stalled, stalledEvents},
		{"live", live, switches()},
		{"capped_cpu", cpu, cpuEvents},
		{"battery_unknown", noBattery, switches()},
	}
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		for _, c := range cases {
			t.Run(fmt.Sprintf("%s_%dx%d", c.name, size[0], size[1]), func(t *testing.T) {
				h := history(c.st)
				m, _ := runScreen(t, size[0], size[1], h[0], h[1:], c.events)
				view := m.View()
				checkSize(t, view, size[0], size[1])
				golden.RequireEqual(t, []byte(view))
			})
		}
	}
}

// checkSize fails unless view is exactly h lines of at most w cells.
func checkSize(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("%d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if lipgloss.Width(l) > w {
			t.Errorf("line %d is %d cells wide, want ≤ %d: %q", i+1, lipgloss.Width(l), w, l)
		}
	}
}

func TestKeys(t *testing.T) {
	st := playingStats()
	m, f := runScreen(t, 80, 24, st, nil, nil,
		runes(" "),
		tea.KeyMsg{Type: tea.KeyLeft},
		tea.KeyMsg{Type: tea.KeyRight},
		runes("3"),
		tea.KeyMsg{Type: tea.KeyUp}, // cursor 3 → 4
		tea.KeyMsg{Type: tea.KeyEnter},
		tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyDown}, // to 1
		tea.KeyMsg{Type: tea.KeyEnter},
		runes("9"), // beyond the ladder: the top level
		runes("a"),
		runes("t"), // the track after "audio (en)"
		runes("m"),
		runes("+"),
		runes("-"), runes("-"),
		runes("l"), tea.KeyMsg{Type: tea.KeyDown}, // scrolls the log, not the ladder
		runes("?"),
	)
	want := []string{
		"TogglePause",
		"SeekBy -10s",
		"SeekBy 10s",
		"SetQuality 3",
		"SetQuality 4",
		"SetQuality 1",
		"SetQuality 5",
		"SetQuality auto",
		"SelectAudio 1",
		"SetMuted true",
		"SetVolume 0.9",
		"SetVolume 0.8",
		"SetVolume 0.7",
	}
	if got := f.Calls(); !reflect.DeepEqual(got, want) {
		t.Errorf("calls\n got %q\nwant %q", got, want)
	}
	if m.focus != focusLog || !m.fullHelp || m.cursor != 5 {
		t.Errorf("focus %v, full help %v, cursor %d; want the log, true, 5", m.focus, m.fullHelp, m.cursor)
	}
}

func TestPinShowsAtOnce(t *testing.T) {
	m, _ := runScreen(t, 80, 24, playingStats(), nil, nil, runes("2"))
	if !strings.Contains(m.View(), "pinned 2") {
		t.Errorf("the pin does not show before the session confirms it:\n%s", m.View())
	}
}

func TestQuit(t *testing.T) {
	for _, k := range []tea.KeyMsg{runes("q"), {Type: tea.KeyCtrlC}} {
		f := &fakeController{st: playingStats()}
		tm := teatest.NewTestModel(t, New(f, testOptions), teatest.WithInitialTermSize(80, 24))
		tm.Send(k)
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	}
}

func TestPinLevel(t *testing.T) {
	for _, c := range []struct {
		q    player.Quality
		want int
	}{
		{player.Quality{}, 0},
		{player.Quality{Level: 2}, 2},
		{player.Quality{Level: 9}, 5},
		{player.Quality{Bitrate: 1_000_000}, 2},
		{player.Quality{Bitrate: 100}, 1},
		{player.Quality{Bitrate: 1e9}, 5},
	} {
		if got := pinLevel(c.q, demoLadder); got != c.want {
			t.Errorf("pinLevel(%v) = %d, want %d", c.q, got, c.want)
		}
	}
}

func BenchmarkView160x48(b *testing.B) {
	f := &fakeController{st: playingStats()}
	var tm tea.Model = New(f, testOptions)
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	for _, st := range history(playingStats()) {
		tm, _ = tm.Update(statsMsg(st))
	}
	for _, e := range switches() {
		tm, _ = tm.Update(eventMsg{e})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = tm.View()
	}
}

// TestLongLadder: a ladder taller than its rows scrolls to keep the cursor in view.
func TestLongLadder(t *testing.T) {
	st := playingStats()
	st.Video.Levels = nil
	for i := 1; i <= 9; i++ {
		st.Video.Levels = append(st.Video.Levels, player.Level{Bitrate: int64(i) * 1_100_000, Width: 160 * i, Height: 90 * i})
	}
	st.Video.Level, st.Video.DownloadLevel = 1, 1
	var m tea.Model = New(&fakeController{st: st}, testOptions)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m, _ = m.Update(statsMsg(st))
	for _, c := range []struct {
		key           tea.KeyMsg
		shown, unseen string
	}{
		{tea.KeyMsg{Type: tea.KeyEnter}, "› 1  1.1M", "9  9.9M"},
		{runes("9"), "› 9  9.9M", "1  1.1M"},
	} {
		m, _ = m.Update(c.key)
		view := m.View()
		checkSize(t, view, 80, 24)
		if !strings.Contains(view, c.shown) || strings.Contains(view, c.unseen) {
			t.Errorf("after %v: want %q shown and %q not:\n%s", c.key, c.shown, c.unseen, view)
		}
	}
}

// TestLongReason: at 80 columns a long reason is cut with an ellipsis and keeps its
// pinned mark; focusing the log (l) wraps the entry scrolled to in full.
func TestLongReason(t *testing.T) {
	reason := "pinned 600 kbps (auto would pick 4500 kbps: ↑ 2500→4500 kbps: safe throughput 6.1 Mbps, buffer 21.0 s)"
	events := append(switches(), player.SwitchEvent{At: player.At(59 * time.Second), Kind: 1, From: 4_500_000, To: 600_000, Reason: reason, Pinned: true})
	var m tea.Model = New(&fakeController{st: playingStats()}, testOptions)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m, _ = m.Update(statsMsg(playingStats()))
	for _, e := range events {
		m, _ = m.Update(eventMsg{e})
	}
	view := m.View()
	checkSize(t, view, 80, 24)
	cut := regexp.MustCompile(`(?m)^  0:59\.0 .*…  pinned$`)
	if !cut.MatchString(view) {
		t.Errorf("the long reason is not cut with an ellipsis before its pinned mark:\n%s", view)
	}
	m, _ = m.Update(runes("l"))
	view = m.View()
	checkSize(t, view, 80, 24)
	if cut.MatchString(view) || !strings.Contains(strings.Join(strings.Fields(view), " "), reason) {
		t.Errorf("with the log focused the newest reason is not shown in full:\n%s", view)
	}
	// scrolling down starts the log at the next entry
	m, _ = m.Update(tea.KeyMsg{Type: tea.KeyDown})
	if view = m.View(); strings.Contains(view, "0:59.0") || !strings.Contains(view, "(↑/↓ scroll, 2 of 6)") {
		t.Errorf("after ↓ the log does not start at the second entry of 6:\n%s", view)
	}
}
