package player

import (
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// Fast switching: when the user pins a video level, the video already buffered
// at another level beyond the fragment at the playhead (or the next one, when
// less than replaceMargin of it is left) is dropped and fetched again at the
// pinned one, so the pin is on screen within two fragment durations even with a
// deep buffer (otherwise it shows once the whole buffer has played). Guarded so
// it never causes a stall: what is kept covers at least replaceMargin, and the
// first refetch, at the meter's estimate, arrives within half of it.
const replaceMargin = 1500 * time.Millisecond

// replacePlan is where a replacement would cut t's buffer, and the level.
type replacePlan struct {
	at    time.Duration // the cut (position scale): the end of the next fragment
	level int
}

// planReplace decides whether t's buffer should be replaced now; the caller holds
// s.mu. A looped presentation is left alone (its positions wrap).
func (s *Session) planReplace(t *track, now time.Time) (replacePlan, bool) {
	if t.kind != media.KindVideo || s.loopLength() > 0 || t.dlLevel < 0 {
		return replacePlan{}, false
	}
	p := s.pin.resolve(t.ladder)
	if p < 0 {
		return replacePlan{}, false
	}
	pos := s.position(now)
	spans := t.buf.spans()
	// The cut: after the fragment at the playhead, or the next one, whichever
	// first leaves replaceMargin before it.
	i := 0
	for i < len(spans) && spans[i].end-pos < replaceMargin {
		i++
	}
	if i+1 >= len(spans) {
		return replacePlan{}, false
	}
	at := spans[i].end
	// Only what was chosen before the latest pin: a fragment fetched under it at
	// another level (a failing level stepped down from) is not fetched again.
	other := false
	for _, c := range spans[i+1:] {
		other = other || (c.level != p && c.gen < s.pinGen)
	}
	if !other {
		return replacePlan{}, false
	}
	est := s.cfg.Meter.Estimate()
	d := spans[i+1].end - spans[i+1].start
	if est <= 0 || time.Duration(float64(t.ladder[p].Bitrate)*d.Seconds()/est*float64(time.Second)) > (at-pos)/2 {
		return replacePlan{}, false
	}
	return replacePlan{at: at, level: p}, true
}

// replaceDue tells a waiting downloader to stop waiting: its buffer is to be
// replaced.
func (s *Session) replaceDue(t *track) bool {
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.planReplace(t, now)
	return ok
}

// replace cuts t's buffer after the next fragment when planReplace says so and
// returns the chunk the downloader goes on from (shift: the loop lap, 0 here).
func (s *Session) replace(t *track, shift time.Duration) (Chunk, bool) {
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.planReplace(t, now)
	if !ok {
		return Chunk{}, false
	}
	c, ok := t.src.Locate(r.at - shift)
	if !ok || c.Start != r.at-shift || !t.buf.cut(r.at) {
		return Chunk{}, false
	}
	s.emit(ReplaceEvent{At: s.since(now), Kind: t.kind, From: r.at, Level: t.ladder[r.level].Bitrate})
	t.upgrade = nil // the pin's own fast switch takes over
	return c, true
}
