package player

// Fragments without tfrf on an origin that holds fragments back for it.
//
// An origin with a LookaheadCount lists a fragment in its manifest only once that many
// successors exist, and names those successors in the tfrf of the fragments before
// them. When the fragments carry no tfrf after all (an encoder or a proxy that drops
// the box, tfdt-only fragments), a player learns of each fragment only from a manifest
// refresh, lookahead fragments behind the edge: at the usual target (lookahead + 1
// fragment) its buffer would run out once per fragment, whenever a refresh comes late.
// The source then asks for one fragment more of latency (Timing.MinLatency), and says
// so.

// noteTfrf records whether t's live fragment ending at end announced successors.
// Only a fragment the latest manifest listed tells: its lookahead successors exist,
// so an origin that writes tfrf names at least one; a newer fragment, known from a
// tfrf, may be the newest there is. The first listed fragment without tfrf raises
// the least latency and is logged.
func (t *smoothTrack) noteTfrf(end uint64, announced bool) {
	s := t.src
	s.mu.Lock()
	t.announced = announced
	if !s.live() || s.man.LookaheadCount == 0 {
		s.mu.Unlock()
		return
	}
	missing := t.noTfrf
	switch {
	case announced:
		missing = false
	case end <= t.manEnd:
		missing = true
	}
	changed := missing != t.noTfrf
	t.noTfrf = missing
	n := s.man.LookaheadCount
	s.mu.Unlock()
	if changed && missing {
		tm := s.Timing()
		s.host.Logf("live %s fragments carry no tfrf: following manifest refreshes, %d fragments behind the edge; the least latency is now %v",
			t.si.Type, n, tm.MinLatency)
	}
}

// tfrfMissing reports whether a selected track's newest live fragment lacked the tfrf
// the origin's lookahead promises; the caller holds s.mu.
func (s *smoothSource) tfrfMissing() bool {
	for _, t := range s.selected {
		if t.noTfrf {
			return true
		}
	}
	return false
}
