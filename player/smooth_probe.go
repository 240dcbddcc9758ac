package player

import (
	"context"
	"time"

	"github.com/smoothie-player/smoothie/smooth"
)

// An origin holds back LookaheadCount fragments from the live manifest and names them
// only in the tfrf of the fragments before them. A player that has fetched the newest
// fragment it knows therefore learns of the next one from a manifest only lookahead
// fragments later: its buffer runs down to nothing once per lookahead+1 fragments. A
// tfrf probe fetches the newest known fragment again, at the lowest level, when the
// buffer is under one fragment, for the tfrf it now carries (dash.js polls
// FragmentInfo for the same; origins do not all serve FragmentInfo on live).

// edgeProber paces the probes of one track.
type edgeProber struct {
	last time.Time
}

// probe fetches t's newest fragment at the lowest level, at most every quarter
// fragment, when the buffer ahead is under one fragment, and appends what its tfrf
// announces. It reports whether the timeline grew.
func (p *edgeProber) probe(ctx context.Context, t *smoothTrack, ahead time.Duration) bool {
	s := t.src
	now := s.host.Clock().Now()
	s.mu.Lock()
	last, ok := t.si.Timeline.Last()
	d := smooth.Seconds(last.Duration, t.si.TimeScale)
	live := s.live()
	s.mu.Unlock()
	if !ok || !live || ahead >= d || now.Sub(p.last) < d/4 {
		return false
	}
	p.last = now
	u, err := smooth.ResolveFragmentURL(s.manifestURL(), t.si.FragmentURL(t.levels[0], last.Start))
	if err != nil {
		return false
	}
	data, _, _, err := s.fetch.get(ctx, u.String(), nil, maxFragment, nil)
	if err != nil {
		return false
	}
	mf, err := smooth.ParseFragment(data, smooth.FragmentOptions{Timescale: t.si.TimeScale, Start: last.Start, Kind: t.si.Type})
	if err != nil || len(mf.Lookahead) == 0 {
		return false
	}
	t.addLookahead(mf.Lookahead)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.EdgeProbes++
	return t.si.Timeline.End() > last.End()
}
