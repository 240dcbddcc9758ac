package player

import "github.com/smoothie-player/smoothie/smooth"

// Fragments without tfrf on an origin that holds fragments back for it.
//
// An origin with a LookaheadCount lists a fragment in its manifest only once that many
// successors exist, and names those successors in the tfrf of the fragments before
// them. When the fragments carry no tfrf after all (an encoder or a proxy that drops
// the box, tfdt-only fragments), a player learns of each fragment only from a manifest
// refresh, lookahead fragments behind the edge: at the usual target (lookahead + 1
// fragment) its buffer would run out once per fragment, whenever a refresh comes late.
// The session then plays one fragment further back, and says so.

// noteTfrf records whether t's live fragment fr announced successors. Only a fragment
// the latest manifest listed tells: its lookahead successors exist, so an origin that
// writes tfrf names at least one; a newer fragment, known from a tfrf, may be the
// newest there is. The first listed fragment without tfrf raises the target latency
// (see minLiveTarget) and is logged. The caller does not hold s.mu.
func (s *Session) noteTfrf(t *track, fr smooth.Fragment, announced bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.live() || s.man.LookaheadCount == 0 {
		return
	}
	missing := t.noTfrf
	switch {
	case announced:
		missing = false
	case fr.End() <= t.manEnd:
		missing = true
	}
	if missing == t.noTfrf {
		return
	}
	t.noTfrf = missing
	if missing {
		s.cfg.Logf("live %s fragments carry no tfrf: following manifest refreshes, %d fragments behind the edge; target latency %v",
			t.kind, s.man.LookaheadCount, s.liveTarget(s.leadTrack()))
	}
}

// tfrfMissing reports whether a played track's newest live fragment lacked the tfrf
// the origin's lookahead promises; the caller holds s.mu.
func (s *Session) tfrfMissing() bool {
	for _, t := range s.tracks {
		if t.noTfrf {
			return true
		}
	}
	return false
}
