package player

import (
	"context"
	"time"
)

// livePoll is how often a live text or sparse track with nothing ahead of the
// playhead looks for a fragment a refresh listed.
const livePoll = 500 * time.Millisecond

// awaitFragment waits until live track t (subtitles or a sparse stream: tracks
// that may have nothing listed at the playhead when playback starts) has a
// fragment at or after the playhead, a refresh having listed it, and then reads
// it on from there, until ctx is done.
func (s *Session) awaitFragment(ctx context.Context, t *track) {
	for s.sleep(ctx, livePoll) {
		s.mu.Lock()
		pos := s.position(s.cfg.Clock.Now())
		s.mu.Unlock()
		if c, ok := t.src.Locate(pos); ok {
			s.download(ctx, t, c)
			return
		}
	}
}
