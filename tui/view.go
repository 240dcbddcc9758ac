package tui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
)

// layout is where the sections go for a terminal size.
type layout struct {
	w, h       int
	left       int // ladder column width
	right      int // charts column width
	tputH      int // throughput sparkline rows
	bufH       int // buffer sparklines rows
	top        int // rows of the ladder/charts block
	logRows    int
	bufW       int // width of each buffer sparkline
	deviceRows int
}

func (m Model) layout() layout {
	l := layout{w: max(m.width, 40), h: max(m.height, 16)}
	l.left = min(max(l.w*2/5, 34), 56)
	l.right = max(l.w-l.left-2, 10)
	l.bufW = max((l.right-1)/2, 4)
	// the charts grow with the height: 4+2 rows at 24, 10+5 from 42
	extra := max(l.h-24, 0)
	l.tputH, l.bufH, l.deviceRows = min(4+extra/3, 10), min(2+extra/6, 5), 2
	if l.h >= 30 {
		l.deviceRows = 3
	}
	l.top = 1 + l.tputH + 1 + l.bufH
	// header 2, gaps 3, device title + rows, log title, notice, help
	l.logRows = max(l.h-2-3-l.top-(1+l.deviceRows)-1-1-1, 1)
	return l
}

// View draws the whole panel, exactly the terminal's size.
func (m Model) View() string {
	if m.opt.Video != nil {
		return m.compactView()
	}
	l := m.layout()
	lines := make([]string, 0, l.h)
	lines = append(lines, m.header(l)...)
	lines = append(lines, "")
	ladder, charts := m.ladder(l), m.charts(l)
	for i := 0; i < l.top; i++ {
		left, right := "", ""
		if i < len(ladder) {
			left = ladder[i]
		}
		if i < len(charts) {
			right = charts[i]
		}
		lines = append(lines, pad(left, l.left)+"  "+right)
	}
	lines = append(lines, "")
	lines = append(lines, m.device(l)...)
	lines = append(lines, "")
	if m.fullHelp {
		lines = append(lines, m.styles.Section.Render("Keys"))
		lines = append(lines, strings.Split(m.help.FullHelpView(m.keys.FullHelp()), "\n")...)
	} else {
		lines = append(lines, m.decisions(l)...)
	}
	for len(lines) < l.h-2 {
		lines = append(lines, "")
	}
	return m.fit(append(lines[:l.h-2], m.noticeLine(), m.help.ShortHelpView(m.keys.ShortHelp())))
}

// fit joins the screen's lines, each cut to the width with an ellipsis.
func (m Model) fit(lines []string) string {
	w := m.layout().w
	var b strings.Builder
	for i, s := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(ansi.Truncate(s, w, "…"))
	}
	return b.String()
}

// header is the title line (URL, and the outputs at the right when they fit, else
// at the end of the next line if they fit there) and the state line.
func (m Model) header(l layout) []string {
	s := m.styles
	title := s.Title.Render("smoothie") + "  " + s.URL.Render(m.opt.URL)
	out := m.opt.Outputs
	if gap := l.w - lipgloss.Width(title) - lipgloss.Width(out); out != "" && gap >= 3 {
		title += strings.Repeat(" ", gap) + s.Dim.Render(out)
		out = ""
	}
	line := strings.Join(m.state(l), "   ")
	if out != "" && lipgloss.Width(line)+3+lipgloss.Width(out) <= l.w { // not on the title line, here if whole
		line += "   " + s.Dim.Render(out)
	}
	return []string{title, line}
}

// state is the parts of the state line: state, position and duration, or for
// live the latency to the edge, the DVR window and the manifest refreshes; volume.
func (m Model) state(l layout) []string {
	s, st := m.styles, m.st
	var state string
	switch {
	case !m.have:
		state = s.Dim.Render("connecting")
	case st.State == player.StatePlaying:
		state = s.Playing.Render("▶ playing")
	case st.State == player.StatePaused:
		state = s.Paused.Render("⏸ paused")
	case st.State == player.StateStalled:
		state = s.Stalled.Render("◌ stalled")
	case st.State == player.StateEnded:
		state = s.Ended.Render("■ ended")
	default:
		state = s.Dim.Render("… " + st.State.String())
	}
	parts := []string{state}
	if w := player.WaitingLine(st); w != "" {
		parts = append(parts, s.Stalled.Render(w))
	}
	if st.Live {
		parts = append(parts, s.Live.Render("● LIVE")+fmt.Sprintf(" %.1fs behind the edge", st.LiveLatency.Seconds()))
		if st.DVRWindow > 0 {
			parts = append(parts, "dvr "+clock(st.DVRWindow))
		}
		parts = append(parts, "at "+clock(st.Position))
		if l.w >= 120 && st.Stream == nil { // a received stream has no manifest
			parts = append(parts, fmt.Sprintf("manifest refreshed %d×", st.ManifestRefreshes))
		}
	} else {
		parts = append(parts, clock(st.Position)+" / "+clock(st.Duration))
	}
	if bar := chapterBar(st.Chapters, st.Position, st.Duration, chapterBarWidth); bar != "" {
		parts = append(parts, bar)
	}
	if ch := chapterAt(st.Chapters, st.Position); ch != "" {
		parts = append(parts, s.Dim.Render(ch))
	}
	vol := fmt.Sprintf("vol %d%%", int(st.Volume*100+0.5))
	if st.Muted {
		vol = "muted"
	}
	parts = append(parts, vol)
	if st.Protection != "" {
		parts = append(parts, s.Dim.Render(st.Protection))
	}
	if st.Cue != "" {
		parts = append(parts, s.Cue.Render("❝ "+strings.ReplaceAll(st.Cue, "\n", " / ")+" ❞"))
	}
	return parts
}

// ladder lists the video levels, highest first, with markers: ▶ playing,
// ↓ downloading, pinned, and ⊘ with the reason on levels above a cap.
func (m Model) ladder(l layout) []string {
	if m.st.Stream != nil {
		return m.source(l)
	}
	s, v := m.styles, m.st.Video
	pin := m.pinned()
	pinIdx := pinLevel(pin, v.Levels)
	codec, mixed := ladderCodec(v.Levels)
	wide := l.left >= 48
	head := s.Section.Render("Video")
	if codec != "" && !mixed && !wide {
		head += " " + codec
	}
	if pinIdx > 0 {
		head += "  " + s.Pinned.Render(fmt.Sprintf("pinned %d", pinIdx))
	} else {
		head += "  auto"
	}
	if c, why := v.CapLevel(); c > 0 {
		head += "  " + s.Capped.Render(fmt.Sprintf("≤%d %s", c, why))
	}
	if t := m.st.TextTrack; t != "" {
		head += "  " + s.Dim.Render("text "+t)
	}
	out := []string{head}
	n := len(v.Levels)
	hi, rows := m.ladderRows(l)
	for lv := hi; lv >= 1 && lv > hi-rows; lv-- {
		lvl := v.Levels[lv-1]
		res := ""
		if lvl.Width > 0 {
			res = fmt.Sprintf("%dx%d", lvl.Width, lvl.Height)
		}
		mark := []rune("  ")
		if lv == v.Level {
			mark[0] = '▶'
		}
		if lv == v.DownloadLevel {
			mark[1] = '↓'
		}
		var row string
		switch {
		case wide || mixed:
			row = fmt.Sprintf("%d  %5s  %-9s  %-5s  %s", lv, player.FormatBitrate(lvl.Bitrate), res, lvl.Codec, string(mark))
		default:
			row = fmt.Sprintf("%d %5s %-9s %s", lv, player.FormatBitrate(lvl.Bitrate), res, string(mark))
		}
		capped := capsAbove(lv, v.Caps)
		switch {
		case lv == v.Level:
			row = s.PlayingLevel.Render(row)
		case capped != "":
			row = s.Dim.Render(row)
		}
		if lv == pinIdx {
			row += " " + s.Pinned.Render("pinned")
		}
		if capped != "" {
			row += " " + s.Capped.Render("⊘"+capped)
		}
		cur := " "
		if lv == m.cursor && m.focus == focusLadder {
			cur = s.Cursor.Render("›")
		} else if lv == m.cursor {
			cur = "›"
		}
		out = append(out, cur+" "+row)
	}
	if n == 0 {
		out = append(out, s.Dim.Render("  no video"))
	}
	if a := m.st.Audio; a.Active {
		for len(out) < l.top-1 {
			out = append(out, "")
		}
		line := s.Section.Render("Audio") + fmt.Sprintf("  %s %s", player.FormatBitrate(a.Bitrate), audioName(a))
		if a.Level > 0 && a.Level <= len(a.Levels) && a.Levels[a.Level-1].Codec != "" {
			line += " " + a.Levels[a.Level-1].Codec
		}
		out = append(out, line)
	}
	return out
}

// ladderCodec is the codec of a ladder's levels, and whether they differ.
func ladderCodec(levels []player.Level) (codec string, mixed bool) {
	for _, l := range levels {
		switch {
		case codec == "":
			codec = l.Codec
		case l.Codec != "" && l.Codec != codec:
			return codec, true
		}
	}
	return codec, false
}

// capsAbove names the reasons of the caps that hold level lv out ("" for none),
// e.g. "cpu" or "cpu,battery".
func capsAbove(lv int, caps []player.Cap) string {
	var why []string
	for _, c := range caps {
		if lv > c.Level && !slices.Contains(why, c.Reason) {
			why = append(why, c.Reason)
		}
	}
	return strings.Join(why, ",")
}

func (m Model) charts(l layout) []string {
	s, st := m.styles, m.st
	span := m.hist.span(l.right)
	out := []string{s.Section.Render("Throughput") + fmt.Sprintf(" %s ╭╯ selected %s ┌┘", s.Throughput.Render(player.FormatBitrate(st.Throughput)), s.Selected.Render(player.FormatBitrate(st.Video.DownloadBitrate))) +
		s.Dim.Render(fmt.Sprintf("  %d:%02d", int(span.Minutes()), int(span.Seconds())%60))}
	out = append(out, m.tputRows...)
	out = append(out, pad(s.Section.Render("Buffer")+fmt.Sprintf(" video %.1fs", st.Video.Buffer.Seconds()), l.bufW)+" "+
		fmt.Sprintf("audio %.1fs", st.Audio.Buffer.Seconds()))
	vb, ab := m.vbufRows, m.abufRows
	for i := range vb {
		a := ""
		if i < len(ab) {
			a = ab[i]
		}
		out = append(out, pad(vb[i], l.bufW)+" "+a)
	}
	return out
}

// device is the decoding and device section: decode time against the frame
// interval, frames, CPU load, battery, stalls; with room, the counters and the
// caps' reasons in full.
func (m Model) device(l layout) []string {
	s, st := m.styles, m.st
	dec := "decode –"
	if v := st.Video; v.DecodeTime > 0 {
		dec = fmt.Sprintf("decode %s/frame", ms(v.DecodeTime))
		if v.FrameDuration > 0 {
			share := float64(v.DecodeTime) / float64(v.FrameDuration) * 100
			dec += fmt.Sprintf(" of %s (%.0f%%)", ms(v.FrameDuration), share)
		}
	}
	cpu, bat := m.cpu(), m.battery()
	stalls := fmt.Sprintf("stalls %d (%.1fs)", st.Stalls, st.StallTime.Seconds())
	out := []string{s.Section.Render("Device")}
	if l.deviceRows < 3 {
		return append(out, dec+" · "+fmt.Sprintf("%d frames, %d dropped", st.FramesDecoded, st.FramesDropped),
			cpu+" · "+bat+" · "+stalls)
	}
	caps := s.Dim.Render("caps: none")
	if len(st.Video.Caps) > 0 {
		var notes []string
		for _, c := range st.Video.Caps {
			notes = append(notes, fmt.Sprintf("≤%d %s: %s", c.Level, c.Reason, c.Note))
		}
		caps = s.Capped.Render("caps: " + strings.Join(notes, "; "))
	}
	return append(out, dec+"  ·  "+fmt.Sprintf("frames %d decoded, %d dropped", st.FramesDecoded, st.FramesDropped)+"  ·  "+cpu+"  ·  "+bat,
		fmt.Sprintf("%s  ·  errors %d  ·  fragments %d (%d gaps, %d abandoned)  ·  switches %d  ·  avg %s", stalls, st.Errors, st.Fragments, st.Gaps, st.Abandoned, st.Switches, player.FormatBitrate(st.AvgBitrate)),
		caps)
}

// cpu is the system CPU load: "cpu 35%", "cpu –" while unknown.
func (m Model) cpu() string {
	if m.st.CPULoad < 0 {
		return "cpu –"
	}
	return fmt.Sprintf("cpu %.0f%%", m.st.CPULoad*100)
}

// battery is the power state in words: "battery 42% charging", "battery unknown".
func (m Model) battery() string {
	p := m.st.Power
	if !p.Known {
		return m.styles.Dim.Render("battery unknown")
	}
	state := "discharging"
	if p.Charging {
		state = "charging"
	}
	if p.Saver {
		state += ", saver"
	}
	b := fmt.Sprintf("battery %.0f%% %s", p.Level*100, state)
	if !p.Charging && p.Level <= 0.2 {
		return m.styles.Warning.Render(b)
	}
	return b
}

// decisions is the ABR decision log, newest first, from the scroll offset. A reason
// too long for its line is cut with an ellipsis, keeping the pinned mark; with the
// log focused, the entry at the top (the one scrolled to) wraps in full, the mark
// after its last line.
func (m Model) decisions(l layout) []string {
	s := m.styles
	title := s.Section.Render("ABR decisions")
	if m.cues > 0 {
		title = s.Section.Render("ABR decisions and cues")
	}
	if m.focus == focusLog {
		title += s.Dim.Render(fmt.Sprintf("  (↑/↓ scroll, %d of %d)", min(m.logOff+1, len(m.log)), len(m.log)))
	}
	out := []string{title}
	if len(m.log) == 0 {
		return append(out, s.Dim.Render("  no switches yet"))
	}
	for i := m.logOff; i < len(m.log) && len(out) <= l.logRows; i++ {
		e := m.log[i]
		if e.cue != "" {
			head := fmt.Sprintf("%8s  %-7s ", clock(e.at), e.cue)
			out = append(out, head+ansi.Truncate(e.reason, max(l.w-lipgloss.Width(head), 8), "…"))
			continue
		}
		levels := m.st.Video.Levels
		if e.kind != media.KindVideo {
			levels = nil
		}
		head := fmt.Sprintf("%8s  %-5s %10s → %-10s ", clock(e.at), e.kind, levelRate(e.from, levels), levelRate(e.to, levels))
		mark := ""
		if e.pinned {
			mark = "  " + s.Pinned.Render("pinned")
		}
		room := max(l.w-lipgloss.Width(head)-lipgloss.Width(mark), 8)
		if m.focus != focusLog || i != m.logOff || lipgloss.Width(e.reason) <= room {
			out = append(out, head+ansi.Truncate(e.reason, room, "…")+mark)
			continue
		}
		lines := strings.Split(ansi.Wrap(e.reason, room, " "), "\n")
		indent := strings.Repeat(" ", lipgloss.Width(head))
		for j, r := range lines {
			if j == len(lines)-1 {
				r += mark
			}
			switch {
			case j == 0:
				out = append(out, head+r)
			case len(out) <= l.logRows:
				out = append(out, indent+r)
			}
		}
	}
	return out
}

func (m Model) noticeLine() string {
	s := m.styles
	switch {
	case m.st.VideoUnavailable != "": // for the whole session, before any passing notice
		return s.Error.Render("✗ video unavailable: " + m.st.VideoUnavailable)
	case m.notice != "" && m.noticeErr:
		return s.Error.Render("✗ " + m.notice)
	case m.notice != "":
		return s.Warning.Render("! " + m.notice)
	case m.st.LastError != "":
		return s.Error.Render("✗ " + m.st.LastError)
	}
	return s.Dim.Render("no errors")
}

// pinLevel is the 1-based level a pin resolves to on a ladder sorted by bitrate
// (0: automatic or no ladder).
func pinLevel(q player.Quality, levels []player.Level) int {
	switch {
	case len(levels) == 0 || q.Auto():
		return 0
	case q.Level > 0:
		return min(q.Level, len(levels))
	}
	best := 1
	for i, l := range levels {
		if l.Bitrate <= q.Bitrate {
			best = i + 1
		}
	}
	return best
}

// levelRate names a bitrate with its level when the ladder has it: "L3 1.5M".
func levelRate(bps int64, levels []player.Level) string {
	for i, l := range levels {
		if l.Bitrate == bps {
			return fmt.Sprintf("L%d %s", i+1, player.FormatBitrate(bps))
		}
	}
	return player.FormatBitrate(bps)
}

// clock formats a duration as m:ss.t (h:mm:ss past an hour).
func clock(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	if d >= time.Hour {
		return fmt.Sprintf("%d:%02d:%02d", int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60)
	}
	return fmt.Sprintf("%d:%04.1f", int(d.Minutes()), d.Seconds()-float64(int(d.Minutes())*60))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond)) }

// pad fills s with spaces to w cells (it truncates a longer s).
func pad(s string, w int) string {
	n := lipgloss.Width(s)
	if n > w {
		return ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", w-n)
}
