package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/render/term"
	"github.com/smoothie-player/smoothie/tui/keymap"
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
	// cue is the kind of a sparse stream's cue (chapter, scte35, data), whose
	// text is reason; "" for an ABR decision.
	cue string
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
	// panelHidden: with terminal video, s/v leave the screen to the video; placed is
	// the region the video was last given.
	panelHidden bool
	placed      term.Rect
	// pin is the pin last asked for, shown at once until a snapshot confirms it.
	pin *player.Quality

	log       []logEntry // newest first
	cues      int        // sparse cues logged
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
	m.keys.setEnabled(keymap.Stats, opt.Video != nil || opt.Stats != nil)
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
	m.keys.setEnabled(keymap.PrevChapter, len(st.Chapters) > 0)
	m.keys.setEnabled(keymap.NextChapter, len(st.Chapters) > 0)
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
	case player.CueEvent:
		if e.Kind == "text" {
			return // subtitles show in the header
		}
		m.cues++
		m.log = append([]logEntry{{at: e.When(), cue: e.Kind, reason: strings.ReplaceAll(e.Text, "\n", " ")}}, m.log...)
		if len(m.log) > m.opt.LogSize {
			m.log = m.log[:m.opt.LogSize]
		}
		if m.logOff > 0 {
			m.logOff++
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
	switch a := m.keys.action(k); a {
	case keymap.Quit:
		if m.opt.Video != nil { // stop drawing before the renderer leaves the alternate screen
			m.opt.Video.SetRegion(term.Rect{})
		}
		return m, tea.Quit
	case keymap.Help:
		m.fullHelp = !m.fullHelp
	case keymap.Stats: // enabled with terminal video (the panel hides and shows) or opt.Stats
		if m.opt.Video == nil {
			m.opt.Stats()
			return m, nil
		}
		m.panelHidden = !m.panelHidden
		return m, m.placeVideo()
	case keymap.Log:
		if m.focus == focusLog {
			m.focus = focusLadder
		} else {
			m.focus = focusLog
		}
	case keymap.Up, keymap.Down:
		m.move(a == keymap.Up)
	case keymap.Pin, keymap.Auto, keymap.Level:
		if m.st.Stream != nil {
			m.notice, m.noticeErr = noLevels, false
			return m, nil
		}
		return m.pinKey(a, k)
	default:
		m.command(a)
	}
	return m, nil
}

// pinKey pins the level under the cursor, a numbered one, or goes back to auto.
func (m Model) pinKey(a keymap.Action, k tea.KeyMsg) (tea.Model, tea.Cmd) {
	switch a {
	case keymap.Pin:
		if m.cursor >= 1 {
			return m.setPin(player.Quality{Level: m.cursor})
		}
	case keymap.Auto:
		return m.setPin(player.Quality{})
	case keymap.Level:
		n := int(k.String()[0] - '0')
		if levels := len(m.st.Video.Levels); levels > 0 {
			n = min(n, levels)
		}
		m.cursor, m.moved = n, true
		return m.setPin(player.Quality{Level: n})
	}
	return m, nil
}

// move moves the ladder cursor up or down, or scrolls the log when it has the focus.
func (m *Model) move(up bool) {
	switch {
	case m.focus == focusLog && up:
		m.logOff = max(m.logOff-1, 0)
	case m.focus == focusLog:
		m.logOff = min(m.logOff+1, max(len(m.log)-1, 0))
	case up && m.cursor < len(m.st.Video.Levels):
		m.cursor, m.moved = m.cursor+1, true
	case !up && m.cursor > 1:
		m.cursor, m.moved = m.cursor-1, true
	}
}

// command carries out the actions that command the session and leave the panel
// as it is.
func (m *Model) command(a keymap.Action) {
	switch a {
	case keymap.Pause:
		m.ctl.TogglePause()
	case keymap.SeekBack:
		m.ctl.SeekBy(-m.opt.SeekStep)
	case keymap.SeekForward:
		m.ctl.SeekBy(m.opt.SeekStep)
	case keymap.Track:
		m.nextAudio()
	case keymap.Text:
		m.ctl.CycleText()
	case keymap.NextChapter:
		m.ctl.NextChapter()
	case keymap.PrevChapter:
		m.ctl.PrevChapter()
	case keymap.Mute:
		m.st.Muted = !m.st.Muted
		m.ctl.SetMuted(m.st.Muted)
	case keymap.VolumeUp, keymap.VolumeDown:
		v := m.st.Volume + 0.1
		if a == keymap.VolumeDown {
			v = m.st.Volume - 0.1
		}
		v = min(max(float64(int(v*10+0.5))/10, 0), 1)
		m.st.Volume = v
		m.ctl.SetVolume(v)
	}
}

// nextAudio switches to the audio track after the one playing (wrapping round).
func (m *Model) nextAudio() {
	m.notice, m.noticeErr = NextAudio(m.ctl, m.st.Audio), false
}

// NextAudio switches c to the audio track after playing, the one playing (wrapping
// round), and says what it did: "audio: NAME", or "only one audio track".
func NextAudio(c Controller, playing player.TrackStats) string {
	tracks := c.AudioTracks()
	if len(tracks) < 2 {
		return "only one audio track"
	}
	cur := audioName(playing)
	next := 0
	for i, t := range tracks {
		if t == cur {
			next = (i + 1) % len(tracks)
			break
		}
	}
	c.SelectAudio(next)
	return "audio: " + tracks[next]
}

// audioName names a track as Controller.AudioTracks does: "name (language)".
func audioName(a player.TrackStats) string {
	if a.Lang != "" {
		return a.Name + " (" + a.Lang + ")"
	}
	return a.Name
}
