package player

import (
	"context"
	"errors"
	"time"

	"github.com/smoothie-player/smoothie/smooth"
)

// liveEdgeFragments is how many fragments behind the newest a live session starts.
const liveEdgeFragments = 3

// nextFragment returns the first fragment of t starting at or after ticks ts (a
// time-based cursor survives live windows sliding and timelines being rebuilt). On
// live, ok is false while no such fragment is announced yet; over is true when a VOD
// timeline has no more fragments.
func (s *Session) nextFragment(t *track, ts uint64) (f smooth.Fragment, ok, over bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tl := &t.si.Timeline
	f, ok = tl.Find(ts)
	if ok && f.Start < ts {
		f, ok = tl.At(f.Index + 1)
	}
	return f, ok, !ok && !s.live()
}

// live reports whether the presentation is live; the caller holds s.mu.
func (s *Session) live() bool { return s.man != nil && s.man.IsLive }

// liveStart is where a live session starts: liveEdgeFragments behind the newest
// fragment of the lead track; the caller holds s.mu.
func (s *Session) liveStart(lead *track) time.Duration {
	tl := &lead.si.Timeline
	last, ok := tl.Last()
	if !ok {
		return 0
	}
	idx := last.Index - min(last.Index-tl.Base, liveEdgeFragments-1)
	f, _ := tl.At(idx)
	return max(lead.rel(f.Start, s.base), 0)
}

// addLookahead appends the fragments a tfrf announced after the end of t's timeline
// (a lookahead is not a window: merging it as one would trim what precedes it).
func (s *Session) addLookahead(t *track, ahead []smooth.Fragment) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range ahead {
		if f.Duration == 0 || f.Start < t.si.Timeline.End() {
			continue
		}
		if err := t.si.Timeline.Append(smooth.Run{Start: f.Start, Duration: f.Duration, Count: 1}); err != nil {
			s.cfg.Logf("%s tfrf entry t=%d: %v", t.kind, f.Start, err)
		}
	}
}

// refreshLoop re-fetches a live manifest every half fragment (at least every 5 s,
// at most every 500 ms) and merges the played streams' timelines.
func (s *Session) refreshLoop(ctx context.Context) {
	for {
		s.mu.Lock()
		every := 2 * time.Second
		if lead := s.leadTrack(); lead != nil {
			if f, ok := lead.si.Timeline.Last(); ok {
				every = smooth.Seconds(f.Duration, lead.si.TimeScale) / 2
			}
		}
		u := s.manURL.String()
		s.mu.Unlock()
		if !sleepCtx(ctx, min(max(every, 500*time.Millisecond), 5*time.Second)) {
			return
		}
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

// mergeManifest folds a refreshed manifest into the played streams' timelines.
func (s *Session) mergeManifest(m *smooth.Manifest) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.ManifestRefreshes++
	for _, t := range s.tracks() {
		for _, si := range m.Streams {
			if si.Type == t.kind && si.Name == t.si.Name {
				if err := t.si.Timeline.Merge(si.Timeline); err != nil {
					// The manifest is the authority (tfrf entries may have
					// disagreed): take its window; downloads go on by time.
					s.cfg.Logf("%s timeline: %v; replaced by the refreshed manifest's", t.kind, err)
					t.si.Timeline = si.Timeline
				}
			}
		}
	}
	if !m.IsLive && s.man != nil {
		s.man.IsLive = false // the broadcast ended: the presentation is VOD from now on
	}
	return nil
}

// leadTrack is the track positions snap to: video, else audio; the caller holds s.mu.
func (s *Session) leadTrack() *track {
	if s.video != nil {
		return s.video
	}
	return s.audio
}
