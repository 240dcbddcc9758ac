package player

import "time"

// Chapters: the marks of a CHAP stream (sparse.go) are Stats.Chapters, and
// NextChapter/PrevChapter (the n and p keys) seek to them.

// Chapter is one chapter mark: where it starts and its title.
type Chapter struct {
	Start time.Duration
	Title string
}

// chapterSlack is how far into a chapter `p` still goes to the one before (further
// in, it goes back to the chapter's start), as players of discs do.
const chapterSlack = 2 * time.Second

// NextChapter seeks to the start of the chapter after the playhead (the `n` key);
// it does nothing when there is none.
func (s *Session) NextChapter() { s.toChapter(nextChapter) }

// PrevChapter seeks to the start of the chapter the playhead is in, or to the one
// before when it is within chapterSlack of its start (the `p` key).
func (s *Session) PrevChapter() { s.toChapter(prevChapter) }

// toChapter seeks to the chapter pick chooses from where a jump counts from: a
// seek already asked for (n n goes two chapters on), else the playhead.
func (s *Session) toChapter(pick func([]Chapter, time.Duration) (Chapter, bool)) {
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	pos := s.wrap(s.position(now))
	if s.pending.seek != nil {
		pos = *s.pending.seek
	}
	if c, ok := pick(s.st.Chapters, pos); ok {
		s.pending.seek, s.pending.exact = &c.Start, true
		signal(s.kick)
	}
}

// nextChapter is the first chapter starting after pos (by more than a
// millisecond: a jump lands on a chapter's start, and the next n goes on).
func nextChapter(ch []Chapter, pos time.Duration) (Chapter, bool) {
	for _, c := range ch {
		if c.Start > pos+time.Millisecond {
			return c, true
		}
	}
	return Chapter{}, false
}

// prevChapter is the start of the chapter holding pos, or the one before when pos
// is within chapterSlack of that start.
func prevChapter(ch []Chapter, pos time.Duration) (Chapter, bool) {
	for i := len(ch) - 1; i >= 0; i-- {
		switch {
		case ch[i].Start > pos:
			continue
		case pos-ch[i].Start > chapterSlack:
			return ch[i], true
		case i > 0:
			return ch[i-1], true
		}
		break
	}
	return Chapter{}, false
}
