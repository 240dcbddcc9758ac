package player

import (
	"context"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// Fast switching up: when the engine steps the video up by two levels or more
// while the buffer is full, the fragments already buffered below the new level
// (beyond the next one at the playhead) are fetched again at it, one at a time
// while the buffer stays near its target, and each is swapped in for the old one
// when it arrives in time (sampleBuffer.swap). Nothing is dropped before its
// replacement is there, so a slow or failed refetch costs nothing but the bytes:
// it ends the upgrade and the old fragments play. dash.js replaces on up-switches
// too; the pin's fast switch (replace.go) cuts instead, to be on screen at once.

// upgradeMinStep is how many levels up a decision must go to start an upgrade.
const upgradeMinStep = 2

// upgradePlan is a track's upgrade under way: the level, and where the next
// fragment to refetch starts (position scale).
type upgradePlan struct {
	level int
	next  time.Duration
}

// planUpgrade starts an upgrade of t to level lvl when the engine just chose it
// at least upgradeMinStep above the level of what is buffered, with the buffer at
// its target less a fragment (ahead); the caller holds s.mu. It reports whether it
// started one.
func (s *Session) planUpgrade(t *track, lvl int, c Chunk, ahead time.Duration, now time.Time) bool {
	if t.kind != media.KindVideo || t.upgrade != nil || s.loopLength() > 0 || ahead < s.cfg.BufferTarget-c.Duration {
		return false
	}
	pos := s.position(now)
	low := false
	for _, sp := range t.buf.spans() {
		low = low || (sp.start >= pos+replaceMargin && sp.level <= lvl-upgradeMinStep)
	}
	if !low {
		return false
	}
	t.upgrade = &upgradePlan{level: lvl, next: pos + replaceMargin}
	s.emit(ReplaceEvent{At: s.since(now), Kind: t.kind, From: pos + replaceMargin, Level: t.ladder[lvl].Bitrate})
	return true
}

// upgradeDue tells a waiting downloader that t has an upgrade to work on.
func (s *Session) upgradeDue(t *track) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return t.upgrade != nil
}

// upgradeStep refetches the next fragment of t's upgrade and swaps it in; it
// ends the upgrade when none is left, the meter no longer sustains the level, or
// a refetch fails or would come too late. It reports whether it fetched.
func (s *Session) upgradeStep(ctx context.Context, t *track, shift time.Duration) bool {
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	p := t.upgrade
	if p == nil {
		s.mu.Unlock()
		return false
	}
	pos := s.position(now)
	est := s.cfg.Meter.Estimate()
	br := t.ladder[p.level].Bitrate
	// The first fragment below the level that, at half the meter's estimate,
	// arrives before the playhead is within replaceMargin of it.
	var target chunk
	found := false
	for _, sp := range t.buf.spans() {
		fetch := time.Duration(2 * float64(br) * (sp.end - sp.start).Seconds() / est * float64(time.Second))
		if sp.start >= p.next && sp.start-pos-replaceMargin >= fetch && sp.level < p.level {
			target, found = sp, true
			break
		}
	}
	if !found || est < 1.5*float64(br) {
		t.upgrade = nil
		s.mu.Unlock()
		return false
	}
	// It must arrive before the playhead is within replaceMargin of it.
	deadline := target.start - pos - replaceMargin
	s.mu.Unlock()
	c, ok := t.src.Locate(target.start - shift)
	if !ok || c.Start+shift != target.start {
		s.endUpgrade(t)
		return false
	}
	req := LoadRequest{Chunk: c, Level: p.level, Buffer: s.bufferAhead(t, now), Throughput: int64(est)}
	res, _, _, err := s.watchedLoadBy(ctx, t, req, deadline)
	if err != nil {
		s.endUpgrade(t)
		return ctx.Err() == nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p.next = target.end
	tr := res.Transfer
	tr.Level, tr.End = p.level, s.cfg.Clock.Now().Sub(s.start)
	s.cfg.Meter.Observe(tr)
	s.st.Fragments++
	s.st.Bytes += tr.Bytes
	s.emit(FragmentEvent{At: s.since(s.cfg.Clock.Now()), Kind: t.kind, Bitrate: br, Start: c.Start, Duration: c.Duration,
		Bytes: tr.Bytes, TTFB: tr.TTFB, Took: tr.Duration, Throughput: int64(s.cfg.Meter.Estimate())})
	if t.buf.swap(chunk{level: p.level, samples: shifted(res.Samples, shift), start: target.start, end: target.end, gen: s.pinGen}) {
		s.st.Upgraded++
		t.brSum += float64(br-t.ladder[target.level].Bitrate) * (target.end - target.start).Seconds()
	}
	return true
}

func (s *Session) endUpgrade(t *track) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t.upgrade = nil
}
