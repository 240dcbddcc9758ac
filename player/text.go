package player

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
	"github.com/smoothie-player/smoothie/text/ttml"
)

// Text tracks (subtitles, captions): the session fetches the chosen one on its own
// schedule beside the audio and video, but outside them: its buffer never holds
// playback up, its failures never end the session (a text track lost is a text
// track shown as unavailable). Its samples are TTML documents (parseTextSample);
// their cues, on the position scale, are kept in time order and shown while the
// playhead is within them: Stats.Cue, a CueEvent when each begins.

// cueKeep is how long a cue stays in memory after it ended (a seek back a little
// finds it; further, the fragment is fetched again).
const cueKeep = 30 * time.Second

// isSubtitles reports whether a track carries text to show (SUBT, CAPT, DESC or
// no Subtype), not sparse data (isSparse).
func isSubtitles(in TrackInfo) bool { return in.Kind == media.KindText && !isSparse(in) }

// pickText is the index among texts of the text track Config.Text asks for: the
// first in its language (or a prefix: "en" picks "en-GB"), else with
// Config.TextAny the first; -1 for none.
func (s *Session) pickText(texts []SourceTrack) int {
	if s.cfg.Text == "" && !s.cfg.TextAny {
		return -1
	}
	want := strings.ToLower(s.cfg.Text)
	for i, st := range texts {
		lang := strings.ToLower(st.Info().Language)
		if want != "" && (lang == want || strings.HasPrefix(lang, want+"-")) {
			return i
		}
	}
	if s.cfg.TextAny && len(texts) > 0 {
		return 0
	}
	return -1
}

// textTracks lists p's text tracks that carry subtitles or captions.
func textTracks(p *Presentation) []SourceTrack {
	var out []SourceTrack
	for _, st := range p.Tracks {
		if isSubtitles(st.Info()) {
			out = append(out, st)
		}
	}
	return out
}

// startText starts the text track's downloader and reader in p at pos (live,
// with no fragment there yet, once a refresh lists one: awaitFragment); the
// caller holds s.mu.
func (s *Session) startText(ctx context.Context, p *pipeline, pos time.Duration) {
	t := s.text
	if t == nil {
		return
	}
	ctx, cancel := context.WithCancel(ctx)
	tp := &pipeline{cancel: cancel}
	p.text = tp
	t.buf = newSampleBuffer(pos)
	t.done, t.level, t.failures = false, -1, 0
	c, ok := t.src.Locate(pos)
	switch {
	case ok:
		tp.run(func() { s.download(ctx, t, c) })
	case s.live():
		tp.run(func() { s.awaitFragment(ctx, t) })
	default:
		t.buf.finish()
		return
	}
	tp.run(func() { s.readText(ctx, t) })
}

// readText parses t's samples into cues until ctx is done or the samples end.
func (s *Session) readText(ctx context.Context, t *track) {
	for {
		smp, _, eos, err := t.buf.pop(ctx)
		if err != nil || eos {
			return
		}
		s.mu.Lock()
		base := s.base
		s.mu.Unlock()
		at := smooth.Seconds(smp.Time, smp.Timescale) - base
		cues, err := parseTextSample(smp.Data, at, smooth.Seconds(uint64(smp.Duration), smp.Timescale), base)
		if err != nil {
			s.errorf("text %q: the fragment at %.3fs: %v", t.name, at.Seconds(), err)
			continue
		}
		s.mu.Lock()
		s.addCues(cues)
		s.mu.Unlock()
	}
}

// addCues merges cues into the session's, in time order: one already there is
// not added again, and a cue that goes on where an equal one ends (a cue split
// across two fragments) extends it. The caller holds s.mu.
func (s *Session) addCues(cues []Cue) {
	for _, c := range cues {
		if c.End <= c.Begin {
			continue
		}
		dup := false
		for i := range s.cues {
			o := &s.cues[i]
			if !ttml.SameContent(*o, c) {
				continue
			}
			if o.Begin == c.Begin && o.End == c.End {
				dup = true
				break
			}
			if d := c.Begin - o.End; d >= -time.Millisecond && d <= time.Millisecond {
				o.End, dup = c.End, true
				break
			}
		}
		if !dup {
			s.cues = append(s.cues, c)
		}
	}
	slices.SortStableFunc(s.cues, func(a, b Cue) int { return cmp.Compare(a.Begin, b.Begin) })
}

// showCues updates what is shown at pos: Stats.Cue holds the text of every cue
// the playhead is within, and each cue that begins to show is a CueEvent. Cues
// long past are let go. The caller holds s.mu.
func (s *Session) showCues(pos time.Duration, now time.Time) {
	var lines []string
	drawn := s.drawsCaptions() // the frames say when the cues show
	keep := s.cues[:0]
	for _, c := range s.cues {
		if c.End < pos-cueKeep {
			continue
		}
		keep = append(keep, c)
		if c.Begin > pos || pos >= c.End {
			continue
		}
		lines = append(lines, cueText(c))
		k := cueKey{c.Begin, c.End}
		if !s.cueShown[k] && !drawn {
			if s.cueShown == nil {
				s.cueShown = map[cueKey]bool{}
			}
			s.cueShown[k] = true
			s.emit(CueEvent{At: s.since(now), Kind: "text", Start: c.Begin, End: c.End, Pos: pos, Text: cueText(c)})
		}
	}
	for i := len(keep); i < len(s.cues); i++ {
		s.cues[i] = Cue{}
	}
	s.cues = keep
	for k := range s.cueShown {
		if k.end < pos-cueKeep {
			delete(s.cueShown, k)
		}
	}
	s.st.Cue = strings.Join(lines, "\n")
}

// cueKey names a cue among those shown.
type cueKey struct{ start, end time.Duration }

// nextCueChange is how long after pos the shown cues next change (a cue begins or
// ends), for the session loop's wait; 0 when none is ahead. The caller holds s.mu.
func (s *Session) nextCueChange(pos time.Duration) time.Duration {
	next := time.Duration(0)
	for _, c := range s.cues {
		for _, at := range []time.Duration{c.Begin, c.End} {
			if d := at - pos; d > 0 && (next == 0 || d < next) {
				next = d
			}
		}
	}
	return next
}

// TextTracks lists the presentation's text tracks (subtitles, captions) by name
// and language, in order, with the one shown (-1: none).
func (s *Session) TextTracks() ([]TrackInfo, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []TrackInfo
	for _, st := range s.textStreams {
		out = append(out, st.Info())
	}
	return out, s.textPick
}

// CycleText shows the next text track, then none, then the first again (the `c`
// key).
func (s *Session) CycleText() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.textStreams) == 0 {
		return
	}
	next := s.textPick + 1
	if next >= len(s.textStreams) {
		next = -1
	}
	s.pending.text, s.pending.textSet = next, true
	signal(s.kick)
}

// switchText makes text track i (-1: none) the one shown; the caller holds s.mu
// and has stopped the text part of the pipeline.
func (s *Session) switchText(i int) error {
	s.textPick = i
	s.text = nil
	// When the sink draws cues, captioned then names none: the next frame tells it
	// what it draws now.
	if len(s.captioned) > 0 {
		s.captioned = []cueKey{{-1, -1}}
	}
	s.cues, s.cueShown, s.st.Cue = nil, nil, ""
	s.st.TextTrack = ""
	if i < 0 || i >= len(s.textStreams) {
		return nil
	}
	t, err := newTrack(s.textStreams[i], s.seed())
	if err != nil {
		return err
	}
	s.text = t
	in := s.textStreams[i].Info()
	s.st.TextTrack = fmt.Sprintf("%s (%s)", in.Name, in.Language)
	return nil
}

// stopText stops p's text part (the caller does not hold s.mu: its goroutines
// take it).
func stopText(p *pipeline) {
	if p.text != nil {
		p.text.cancel()
		p.text.wg.Wait()
		p.text = nil
	}
}

// restartText shows text track i (-1: none) in p from the playhead on; the caller
// holds s.mu, which it lets go while the old text part stops.
func (s *Session) restartText(ctx context.Context, p *pipeline, i int, now time.Time) {
	s.mu.Unlock()
	stopText(p)
	s.mu.Lock()
	if err := s.switchText(i); err != nil {
		s.emit(ErrorEvent{At: s.since(now), Msg: fmt.Sprintf("text: %v", err)})
		return
	}
	s.startText(ctx, p, s.position(now))
}

// CaptionSink is a VideoSink that draws subtitles with its pictures (terminal
// video, the window): before it is given a frame, the presenter tells it the cues
// to draw over that frame whenever they change (nil: none). A cue is then on screen
// from the first frame at or after its begin to the last before its end.
type CaptionSink interface {
	SetCaptions(cues []Cue)
}

// captionsFor returns the cues the frame at position pts shows and whether they
// differ from the previous frame's; with a CaptionSink each cue that appears is a
// CueEvent at that frame. The caller holds s.mu.
func (s *Session) captionsFor(pts time.Duration) ([]Cue, bool) {
	if _, ok := s.cfg.VideoSink.(CaptionSink); !ok {
		return nil, false
	}
	var now []Cue
	var keys []cueKey
	for _, c := range s.cues {
		if c.Begin <= pts && pts < c.End {
			now = append(now, c)
			keys = append(keys, cueKey{c.Begin, c.End})
		}
	}
	if slices.Equal(keys, s.captioned) {
		return nil, false
	}
	at := s.since(s.cfg.Clock.Now())
	for i, k := range keys {
		if !slices.Contains(s.captioned, k) {
			dropped := 0
			for _, d := range s.droppedPTS {
				if d >= k.start {
					dropped++
				}
			}
			s.emit(CueEvent{At: at, Kind: "text", Start: k.start, End: k.end, Pos: pts, Dropped: dropped, Text: cueText(now[i])})
		}
	}
	s.captioned = keys
	return now, true
}

// drawsCaptions reports whether the video sink draws the cues (and says when):
// the session loop then leaves the CueEvents to the frames.
func (s *Session) drawsCaptions() bool {
	_, ok := s.cfg.VideoSink.(CaptionSink)
	return ok && s.byKind(media.KindVideo) != nil
}
