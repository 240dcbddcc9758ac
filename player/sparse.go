package player

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/smoothie-player/smoothie/smooth"
)

// Sparse streams: text streams that carry timed data rather than subtitles —
// chapters (Subtype CHAP), script commands (SCMD), application data (DATA, CTRL)
// and SCTE-35 cues (Scheme urn:scte:scte35:2013:bin). The session reads every one
// that has fragments (over its Url, or inline in the manifest) beside the audio and
// video, on the text tracks' rules: the shared scheduler and loader, never ahead of
// video, never holding playback up, three fragments lost in a row and the stream is
// shown unavailable. Each sample is a Mark; a Mark is a CueEvent (kind chapter,
// scte35 or data) when the playhead reaches it. Chapters are also Stats.Chapters,
// and NextChapter/PrevChapter seek to them.

// markLate is how far past a mark the playhead may be when the session loop first
// sees it and still makes it an event (a mark further behind was passed by a seek,
// or read too late to be news).
const markLate = 2 * time.Second

// maxMarks bounds the marks a session holds (chapters stay for the whole
// presentation; the rest until cueKeep after the playhead passed them): a stream
// with more is cut there, with an error, rather than grow without end.
const maxMarks = 4096

// Mark is one sample of a sparse stream on the position scale.
type Mark struct {
	Kind       string // "chapter", "scte35" or "data"
	Track      string // the stream's name
	Start, End time.Duration
	Text       string
	shown      bool // the playhead has reached it (its event is out), in lap
	lap        int  // a chapter of a looped presentation: the lap it was last news in
	// static: it comes from the manifest (manifestMarks), not from a fragment
	// read again after a seek or in the next lap: it is kept and comes every lap.
	static bool
}

// SparseTrack is a sparse stream as Stats lists it.
type SparseTrack struct {
	Name, Subtype string
	// Kind is the kind of marks it makes ("chapter", "scte35", "data").
	Kind string
	// Scheduled: its fragments are read (from its Url, or Inline from the
	// manifest); else Err says why not.
	Scheduled, Inline bool
	// Marks counts the marks read so far (with the manifest's markers placed).
	Marks int
	// Markers counts the markers the manifest itself gives (IIS Content
	// elements), Unplaced lists those whose time is a placeholder: shown, never
	// scheduled.
	Markers  int
	Unplaced []string
	Err      string
}

// isSparse reports whether a track is a sparse stream (text that is not
// subtitles, captions or descriptions).
func isSparse(in TrackInfo) bool { return sparseKind(in) != "" }

// sparseKind is the kind of marks a sparse track makes (smooth.SparseKind):
// SCTE-35 by its scheme, chapters by Subtype CHAP, else data (whose samples may
// still turn out to be SCTE-35, decodeMark); "" for any other track.
func sparseKind(in TrackInfo) string { return smooth.SparseKind(in.Kind, in.Subtype, in.Scheme) }

// loadSparse lists p's sparse streams in Stats.Sparse and makes a track of each
// that has fragments to read; the caller holds s.mu.
func (s *Session) loadSparse(p *Presentation) {
	for _, st := range p.Tracks {
		in := st.Info()
		if !isSparse(in) {
			continue
		}
		e := SparseTrack{Name: in.Name, Subtype: in.Subtype, Kind: sparseKind(in), Inline: in.Inline}
		s.manifestMarks(in, &e)
		if t, err := newTrack(st, s.seed()); err != nil && e.Markers > 0 {
			s.cfg.Logf("sparse stream %q (%s, %s): its %d markers from the manifest only (%v)", in.Name, in.Subtype, e.Kind, e.Markers, err)
		} else if err != nil {
			e.Err = err.Error()
			s.cfg.Logf("sparse stream %q (%s, %s): not read: %v", in.Name, in.Subtype, e.Kind, err)
		} else {
			t.marks, t.sparseAt = e.Kind, len(s.st.Sparse)
			s.sparse = append(s.sparse, t)
			e.Scheduled = true
			from := "over its Url"
			if in.Inline {
				from = "from the manifest"
			}
			s.cfg.Logf("sparse stream %q (%s, %s): read beside the media, %s", in.Name, in.Subtype, e.Kind, from)
		}
		s.st.Sparse = append(s.st.Sparse, e)
	}
}

// setSparse changes the Stats.Sparse entry of t (a copy: Stats snapshots share the
// old slice); the caller holds s.mu.
func (s *Session) setSparse(t *track, fn func(*SparseTrack)) {
	l := slices.Clone(s.st.Sparse)
	fn(&l[t.sparseAt])
	s.st.Sparse = l
}

// startSparse starts the sparse tracks' downloaders and readers in p at pos. A
// VOD chapter track read to its end is not read again. Marks from pos on are news
// again (a seek back shows them anew). The caller holds s.mu.
func (s *Session) startSparse(ctx context.Context, p *pipeline, pos time.Duration) {
	for i := range s.marks {
		m := &s.marks[i]
		m.lap = s.lapOf(pos)
		m.shown = s.lapStart(*m, m.lap) < pos
	}
	for _, t := range s.sparse {
		if t.marks == markChapter && t.done || t.lostRun >= deadRun {
			continue
		}
		t.buf = newSampleBuffer(pos)
		t.level, t.failures, t.loadDone = -1, 0, false
		from := pos
		if t.marks == markChapter {
			from = 0 // every chapter, for the position line and n/p
		}
		c, ok := t.src.Locate(from)
		var shift time.Duration
		if !ok && s.loopLength() > 0 {
			// Nothing ahead in this lap: the next lap's marks (chapters are
			// read from 0, always found).
			shift = s.loopLength()
			c, ok = t.src.Locate(0)
		}
		switch {
		case ok:
			p.run(func() { s.downloadLap(ctx, t, c, shift) })
		case s.live():
			p.run(func() { s.awaitFragment(ctx, t) })
		default:
			t.buf.finish()
			continue
		}
		p.run(func() { s.readSparse(ctx, t) })
	}
}

// readSparse decodes t's samples into marks until ctx is done or the samples end
// (a chapter track then is done: every chapter is known).
func (s *Session) readSparse(ctx context.Context, t *track) {
	for {
		smp, _, eos, err := t.buf.pop(ctx)
		if err != nil {
			return
		}
		if eos {
			s.mu.Lock()
			t.done = !s.live()
			s.mu.Unlock()
			return
		}
		s.mu.Lock()
		base := s.base
		s.mu.Unlock()
		at := smooth.Seconds(smp.Time, smp.Timescale) - base
		kind, text, err := decodeMark(t.marks, smp.Data)
		if err != nil {
			s.errorf("%s stream %q: the sample at %.3fs: %v", t.marks, t.name, at.Seconds(), err)
			continue
		}
		m := Mark{Kind: kind, Track: t.name, Start: at, End: at + smooth.Seconds(uint64(smp.Duration), smp.Timescale), Text: text}
		s.mu.Lock()
		full := len(s.marks) >= maxMarks
		s.mu.Unlock()
		if full {
			s.errorf("%s stream %q: more than %d marks held at %.3fs: the rest of the stream is not read", t.marks, t.name, maxMarks, at.Seconds())
			return
		}
		s.mu.Lock()
		if s.addMark(m) {
			s.setSparse(t, func(e *SparseTrack) { e.Marks++ })
			s.cfg.Logf("%s %q at %.3fs: %s", kind, t.name, at.Seconds(), text)
		}
		s.mu.Unlock()
	}
}

// addMark adds m to the session's marks in time order unless it is there already
// (read again after a seek); the caller holds s.mu.
func (s *Session) addMark(m Mark) bool {
	for _, o := range s.marks {
		if o.Track == m.Track && o.Start == m.Start && o.Text == m.Text {
			return false
		}
	}
	i := slices.IndexFunc(s.marks, func(o Mark) bool { return o.Start > m.Start })
	if i < 0 {
		i = len(s.marks)
	}
	s.marks = slices.Insert(s.marks, i, m)
	if m.Kind == markChapter {
		var ch []Chapter
		for _, o := range s.marks {
			if o.Kind == markChapter {
				ch = append(ch, Chapter{Start: o.Start, Title: o.Text})
			}
		}
		s.st.Chapters = ch
	}
	return true
}

// showMarks makes a CueEvent of each mark the playhead has reached since the last
// look (within markLate of it), and lets go of marks long past (chapters stay);
// the caller holds s.mu.
func (s *Session) showMarks(pos time.Duration, now time.Time) {
	keep := s.marks[:0]
	for _, m := range s.marks {
		if !everyLap(m) && max(m.End, m.Start) < pos-cueKeep {
			continue
		}
		if lap := s.lapOf(pos); everyLap(m) && lap > m.lap {
			m.lap, m.shown = lap, false // a new lap: its chapters are news again
		}
		if start := s.lapStart(m, m.lap); !m.shown && start <= pos {
			m.shown = true
			if pos-start <= markLate {
				end := m.End + start - m.Start
				s.emit(CueEvent{At: s.since(now), Kind: m.Kind, Start: start, End: end, Pos: pos, Text: m.Text})
			}
		}
		keep = append(keep, m)
	}
	clear(s.marks[len(keep):])
	s.marks = keep
}

// nextMark is how long after pos the next mark not yet shown begins (a chapter
// of a looped presentation: in this lap or the next), for the session loop's
// wait; 0 when none is ahead. The caller holds s.mu.
func (s *Session) nextMark(pos time.Duration) time.Duration {
	next := time.Duration(0)
	for _, m := range s.marks {
		lap := s.lapOf(pos)
		if everyLap(m) && lap > m.lap {
			m.shown = false // news again once showMarks sees the lap
		}
		at := s.lapStart(m, lap)
		if m.shown || at <= pos {
			if !everyLap(m) || s.loopLength() <= 0 {
				continue
			}
			at = s.lapStart(m, lap+1)
		}
		if d := at - pos; next == 0 || d < next {
			next = d
		}
	}
	return next
}

// lapOf is the lap of a looped presentation that position pos is in (0: not
// looping); the caller holds s.mu.
func (s *Session) lapOf(pos time.Duration) int {
	if d := s.loopLength(); d > 0 && pos >= d {
		return int(pos / d)
	}
	return 0
}

// everyLap reports whether m, held once for the whole presentation (a chapter,
// a marker of the manifest), comes again in each lap of a looped one.
func everyLap(m Mark) bool { return m.Kind == markChapter || m.static }

// lapStart is where mark m begins in lap: a chapter or a manifest's marker, known
// once for the first lap, comes again a lap's length later each lap; the other
// marks are read lap after lap (download.go: nextLap), each at its own position.
// The caller holds s.mu.
func (s *Session) lapStart(m Mark, lap int) time.Duration {
	if !everyLap(m) || lap == 0 {
		return m.Start
	}
	return m.Start + time.Duration(lap)*s.loopLength()
}

// sparseLost notes that sparse track t lost its deadRun-th fragment in a row: it
// is shown unavailable and read no more. The caller holds s.mu.
func (s *Session) sparseLost(t *track, err error) {
	s.setSparse(t, func(e *SparseTrack) { e.Err = "unavailable: " + err.Error() })
}

// SparseTracks describes the sparse streams in one line each, for logs and the
// panel: "CHAP chapters (3 marks)", "DATA scte35: no Url …".
func SparseTracks(st Stats) []string {
	var out []string
	for _, e := range st.Sparse {
		line := fmt.Sprintf("%s %q %s", e.Subtype, e.Name, e.Kind)
		switch {
		case e.Err != "":
			line += ": " + e.Err
		case e.Markers > 0:
			line += fmt.Sprintf(" (%d markers in the manifest, %d placed", e.Markers, e.Markers-len(e.Unplaced))
			if len(e.Unplaced) > 0 {
				line += "; without a time, not scheduled: " + strings.Join(e.Unplaced, "; ")
			}
			line += ")"
		case e.Inline:
			line += fmt.Sprintf(" (inline, %d marks)", e.Marks)
		default:
			line += fmt.Sprintf(" (%d marks)", e.Marks)
		}
		out = append(out, line)
	}
	return out
}
