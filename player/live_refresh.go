package player

import (
	"context"
	"errors"
	"time"

	"github.com/smoothie-player/smoothie/smooth"
)

// Manifest refresh bounds: a live manifest is fetched again every half fragment, no
// more often than minRefresh (also when a downloader asks for it) and at least every
// maxRefresh.
const (
	minRefresh = 500 * time.Millisecond
	maxRefresh = 5 * time.Second
)

// refreshLoop re-fetches a live manifest and merges the played streams' timelines,
// until the presentation turns VOD (the end of the broadcast) or ctx is done. A
// downloader that finds nothing announced (no tfrf: lookahead 0, sparse tracks,
// fragments with tfdt only) asks for a refresh at once through s.refreshNow.
func (s *Session) refreshLoop(ctx context.Context) {
	for {
		s.mu.Lock()
		if !s.live() {
			s.mu.Unlock()
			return
		}
		every := 2 * time.Second
		if lead := s.leadTrack(); lead != nil {
			if d := s.fragmentDuration(lead); d > 0 {
				every = d / 2
			}
		}
		u := s.manURL.String()
		s.mu.Unlock()
		if !s.sleep(ctx, minRefresh) {
			return
		}
		wait := s.cfg.Clock.NewTimer(min(max(every, minRefresh), maxRefresh) - minRefresh)
		select {
		case <-ctx.Done():
			wait.Stop()
			return
		case <-s.refreshNow:
		case <-wait.C():
		}
		wait.Stop()
		body, _, _, err := s.fetch.get(ctx, u, nil, maxManifest)
		if err == nil {
			var m *smooth.Manifest
			if m, err = smooth.ParseManifestBytes(body, u); err == nil {
				err = s.mergeManifest(m)
			}
		}
		if err != nil && ctx.Err() == nil && !errors.Is(err, context.Canceled) {
			s.errorf("manifest refresh: %v", err)
		}
	}
}

// askRefresh asks the refresh loop for a manifest now (it never blocks).
func (s *Session) askRefresh() {
	select {
	case s.refreshNow <- struct{}{}:
	default:
	}
}

// mergeManifest folds a refreshed manifest into the played streams' timelines. A
// manifest that is no longer live ends the broadcast: the presentation is VOD from
// then on, and its duration is where the timelines end.
func (s *Session) mergeManifest(m *smooth.Manifest) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.ManifestRefreshes++
	for _, t := range s.tracks {
		for _, si := range m.Streams {
			if si.Type == t.kind && si.Name == t.si.Name {
				t.manEnd = si.Timeline.End()
				if !m.IsLive {
					// The broadcast ended: the final manifest is the whole
					// presentation (nothing a tfrf named lies beyond it).
					t.si.Timeline = si.Timeline
				} else if err := t.si.Timeline.Merge(si.Timeline); err != nil {
					// The manifest is the authority (tfrf entries may have
					// disagreed): take its window; downloads go on by time.
					s.cfg.Logf("%s timeline: %v; replaced by the refreshed manifest's", t.kind, err)
					t.si.Timeline = si.Timeline
				}
			}
		}
	}
	if !m.IsLive && s.live() {
		s.man.IsLive = false
		for _, t := range s.tracks {
			s.duration = max(s.duration, t.rel(t.si.Timeline.End(), s.base))
		}
		s.cfg.Logf("the live presentation ended: VOD of %v", s.duration)
		s.emit(ManifestEvent{At: s.since(s.cfg.Clock.Now()), Live: false})
	}
	return nil
}
