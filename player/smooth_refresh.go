package player

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// Manifest refresh bounds: a live manifest is fetched again every half fragment, no
// more often than minRefresh (also when a track asks for it) and at least every
// maxRefresh.
const (
	minRefresh = 500 * time.Millisecond
	maxRefresh = 5 * time.Second
)

// Run implements Source: it re-fetches a live manifest and merges the selected
// streams' timelines, until the presentation turns VOD (the end of the broadcast) or
// ctx is done. A track that finds nothing announced (no tfrf: lookahead 0, sparse
// tracks, fragments with tfdt only) asks for a refresh at once (askRefresh).
func (s *smoothSource) Run(ctx context.Context) {
	clock := s.host.Clock()
	for {
		s.mu.Lock()
		if !s.live() {
			s.mu.Unlock()
			return
		}
		every := 2 * time.Second
		if lead := s.lead(); lead != nil {
			if d := lead.newest(); d > 0 {
				every = d / 2
			}
		}
		u := s.manURL.String()
		s.mu.Unlock()
		if !Sleep(ctx, clock, minRefresh) {
			return
		}
		wait := clock.NewTimer(min(max(every, minRefresh), maxRefresh) - minRefresh)
		select {
		case <-ctx.Done():
			wait.Stop()
			return
		case <-s.refreshNow:
		case <-wait.C():
		}
		wait.Stop()
		m, _, err := s.getManifest(ctx, u)
		if err == nil {
			err = s.merge(m)
		}
		if err != nil && ctx.Err() == nil && !errors.Is(err, context.Canceled) {
			s.host.Errorf("manifest refresh: %v", err)
		}
	}
}

// askRefresh asks the refresh loop for a manifest now (it never blocks).
func (s *smoothSource) askRefresh() { signal(s.refreshNow) }

// merge folds a refreshed manifest into the followed streams' timelines (the
// selected ones and every text and sparse stream, see followed). A manifest
// that is no longer live ends the broadcast: the presentation is VOD from then on,
// and its duration is where the timelines end.
func (s *smoothSource) merge(m *smooth.Manifest) error {
	s.mu.Lock()
	s.st.ManifestRefreshes++
	followed := s.followed()
	for _, t := range followed {
		for _, si := range m.Streams {
			if si.Type == t.si.Type && si.Name == t.si.Name && si.TimeScale != t.si.TimeScale {
				s.mu.Unlock()
				return fmt.Errorf("StreamIndex %q: TimeScale changed from %d to %d: the refreshed manifest is refused (its times cannot be laid on the known ones)",
					si.Name, t.si.TimeScale, si.TimeScale)
			}
		}
	}
	for _, t := range followed {
		for _, si := range m.Streams {
			if si.Type == t.si.Type && si.Name == t.si.Name {
				t.manEnd = si.Timeline.End()
				if !m.IsLive {
					// The broadcast ended: the final manifest is the whole
					// presentation (nothing a tfrf named lies beyond it).
					t.si.Timeline = si.Timeline
				} else if err := t.si.Timeline.Merge(si.Timeline); err != nil {
					// The manifest is the authority (tfrf entries may have
					// disagreed): take its window; downloads go on by time.
					s.host.Logf("%s timeline: %v; replaced by the refreshed manifest's", t.si.Type, err)
					t.si.Timeline = si.Timeline
				}
			}
		}
	}
	ended := !m.IsLive && s.live()
	if ended {
		s.man.IsLive = false
		for _, t := range s.selected {
			s.duration = max(s.duration, t.rel(t.si.Timeline.End()))
		}
	}
	d := s.duration
	s.mu.Unlock()
	if ended {
		s.host.Ended(d)
	}
	return nil
}

// followed are the tracks a refresh updates: the selected ones and every text or
// sparse track (the session reads those beside the selected ones, each on its own
// schedule, whichever is shown). The caller holds s.mu.
func (s *smoothSource) followed() []*smoothTrack {
	out := append([]*smoothTrack(nil), s.selected...)
	for _, t := range s.tracks {
		if t.si.Type == media.KindText && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}
