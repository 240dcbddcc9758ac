package tui

import (
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/render/term"
)

// Messages of the model tree.
type (
	// tickMsg asks for the next stats poll.
	tickMsg struct{}
	// statsMsg is a polled snapshot.
	statsMsg player.Stats
	// eventMsg is a player event pumped in with Program.Send.
	eventMsg struct{ player.Event }
)

type focus int

const (
	focusLadder focus = iota
	focusLog
)

// logEntry is one ABR decision.
type logEntry struct {
	at       time.Duration
	kind     media.Kind
	from, to int64
	reason   string
	pinned   bool
}

// Model is the panel's root model.
type Model struct {
	ctl    Controller
	opt    Options
	keys   keyMap
	help   help.Model
	styles Styles

	st     player.Stats
	have   bool
	width  int
	height int

	// cursor is the ladder row selected with ↑/↓ (1-based level, 0 before stats);
	// it follows the playing level until the user moves it.
	cursor   int
	moved    bool
	focus    focus
	fullHelp bool
	// panelHidden: with terminal video, v leaves the screen to the video; placed is
	// the region the video was last given.
	panelHidden bool
	placed      term.Rect
	// pin is the pin last asked for, shown at once until a snapshot confirms it.
	pin *player.Quality

	log       []logEntry // newest first
	logOff    int
	notice    string // the newest warning or error from the events
	noticeErr bool

	// history: one sample per second of session time.
	sampledAt time.Duration
	sampled   bool
	hist      samples
	// the charts drawn at the last sample or resize: View only copies them
	tputRows, vbufRows, abufRows []string
}

// New returns the panel's model for a session.
func New(ctl Controller, opt Options) Model {
	opt = opt.withDefaults()
	s := DefaultStyles()
	h := help.New()
	h.Styles = s.Help
	m := Model{
		ctl: ctl, opt: opt, keys: defaultKeys(), help: h, styles: s,
		width: 80, height: 24,
	}
	m.keys.Panel.SetEnabled(opt.Video != nil)
	m.drawCharts()
	return m
}

// Init polls the first snapshot at once.
func (m Model) Init() tea.Cmd { return m.poll }

func (m Model) poll() tea.Msg { return statsMsg(m.ctl.Stats()) }

func (m Model) tick() tea.Cmd {
	return tea.Tick(m.opt.Interval, func(time.Time) tea.Msg { return tickMsg{} })
}

// Update handles keys, window sizes, polls and events.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.Width = msg.Width
		m.drawCharts()
		return m, m.placeVideo()
	case repaintMsg:
		m.opt.Video.Repaint()
		return m, nil
	case tickMsg:
		return m, m.poll
	case statsMsg:
		m.setStats(player.Stats(msg))
		return m, m.tick()
	case eventMsg:
		m.event(msg.Event)
		return m, nil
	case tea.KeyMsg:
		return m.key(msg)
	case tea.MouseMsg:
		return m.mouse(msg)
	}
	return m, nil
}

func (m *Model) setStats(st player.Stats) {
	m.st, m.have = st, true
	if m.pin != nil && *m.pin == st.Pinned {
		m.pin = nil
	}
	n := len(st.Video.Levels)
	if !m.moved || m.cursor > n {
		m.cursor = min(max(st.Video.Level, 1), n)
	}
	if !m.sampled || st.Elapsed-m.sampledAt >= time.Second {
		m.sampled, m.sampledAt = true, st.Elapsed
		m.hist.push(st)
		m.drawCharts()
	}
}

func (m *Model) event(e player.Event) {
	switch e := e.(type) {
	case player.SwitchEvent:
		m.log = append([]logEntry{{at: e.When(), kind: e.Kind, from: e.From, to: e.To, reason: e.Reason, pinned: e.Pinned}}, m.log...)
		if len(m.log) > m.opt.LogSize {
			m.log = m.log[:m.opt.LogSize]
		}
		if m.logOff > 0 {
			m.logOff++ // keep the rows being read in place
		}
	case player.ErrorEvent:
		m.notice, m.noticeErr = e.Msg, true
	case player.StallEvent:
		m.notice, m.noticeErr = fmt.Sprintf("stalled at %s: buffer empty", clock(e.Position)), false
	case player.ResumeEvent:
		m.notice, m.noticeErr = fmt.Sprintf("resumed after a %.1fs stall", e.Stalled.Seconds()), false
	}
}

// pinned is the pin to show: the one just asked for, else the session's.
func (m Model) pinned() player.Quality {
	if m.pin != nil {
		return *m.pin
	}
	return m.st.Pinned
}

func (m Model) setPin(q player.Quality) (tea.Model, tea.Cmd) {
	m.ctl.SetQuality(q)
	m.pin = &q
	return m, nil
}

func (m Model) key(k tea.KeyMsg) (tea.Model, tea.Cmd) {
	ks := m.keys
	switch {
	case key.Matches(k, ks.Quit):
		if m.opt.Video != nil { // stop drawing before the renderer leaves the alternate screen
			m.opt.Video.SetRegion(term.Rect{})
		}
		return m, tea.Quit
	case key.Matches(k, ks.Help):
		m.fullHelp = !m.fullHelp
	case key.Matches(k, ks.Panel):
		m.panelHidden = !m.panelHidden
		return m, m.placeVideo()
	case key.Matches(k, ks.Pause):
		m.ctl.TogglePause()
	case key.Matches(k, ks.SeekBack):
		m.ctl.SeekBy(-m.opt.SeekStep)
	case key.Matches(k, ks.SeekFwd):
		m.ctl.SeekBy(m.opt.SeekStep)
	case key.Matches(k, ks.Log):
		if m.focus == focusLog {
			m.focus = focusLadder
		} else {
			m.focus = focusLog
		}
	case key.Matches(k, ks.Up):
		if m.focus == focusLog {
			m.logOff = max(m.logOff-1, 0)
		} else if m.cursor < len(m.st.Video.Levels) {
			m.cursor, m.moved = m.cursor+1, true
		}
	case key.Matches(k, ks.Down):
		if m.focus == focusLog {
			m.logOff = min(m.logOff+1, max(len(m.log)-1, 0))
		} else if m.cursor > 1 {
			m.cursor, m.moved = m.cursor-1, true
		}
	case key.Matches(k, ks.Pin):
		if m.cursor >= 1 {
			return m.setPin(player.Quality{Level: m.cursor})
		}
	case key.Matches(k, ks.Auto):
		return m.setPin(player.Quality{})
	case key.Matches(k, ks.Level):
		n := int(k.String()[0] - '0')
		if levels := len(m.st.Video.Levels); levels > 0 {
			n = min(n, levels)
		}
		m.cursor, m.moved = n, true
		return m.setPin(player.Quality{Level: n})
	case key.Matches(k, ks.Track):
		m.nextAudio()
	case key.Matches(k, ks.Mute):
		m.st.Muted = !m.st.Muted
		m.ctl.SetMuted(m.st.Muted)
	case key.Matches(k, ks.VolUp, ks.VolDown):
		v := m.st.Volume + 0.1
		if key.Matches(k, ks.VolDown) {
			v = m.st.Volume - 0.1
		}
		v = min(max(float64(int(v*10+0.5))/10, 0), 1)
		m.st.Volume = v
		m.ctl.SetVolume(v)
	}
	return m, nil
}

// nextAudio switches to the audio track after the one playing (wrapping round).
func (m *Model) nextAudio() {
	tracks := m.ctl.AudioTracks()
	if len(tracks) < 2 {
		m.notice, m.noticeErr = "only one audio track", false
		return
	}
	cur := audioName(m.st.Audio)
	next := 0
	for i, t := range tracks {
		if t == cur {
			next = (i + 1) % len(tracks)
			break
		}
	}
	m.ctl.SelectAudio(next)
	m.notice, m.noticeErr = "audio: "+tracks[next], false
}

// audioName names a track as Controller.AudioTracks does: "name (language)".
func audioName(a player.TrackStats) string {
	if a.Lang != "" {
		return a.Name + " (" + a.Lang + ")"
	}
	return a.Name
}
