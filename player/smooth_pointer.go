package player

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/smoothie-player/smoothie/smooth"
)

// The Sparse Stream Pointer: an IIS origin says, in the Content-Type of a live
// fragment response (ChildTrack="name=time,…", smooth.ParseSparsePointer), the
// newest fragment of each sparse stream at or before that fragment. The source
// adds a fragment so named to the sparse stream's timeline at once, an instant (one
// tick, as a manifest's newest sparse c without d) until a refresh lists it: the
// stream's scheduler finds it there (Next, awaitFragment) and reads it before the
// next manifest refresh would have told of it.

// pointSparse folds the Sparse Stream Pointer in hdr, from the response to a
// fragment of track from ending at end (its ticks), into the timelines of the
// sparse streams it names that are read over their Url. A pointer to a time past
// that fragment's end is not one MS-SSTR allows (it names fragments at or before
// it) and is left out; a header that does not parse is logged once.
func (s *smoothSource) pointSparse(from *smoothTrack, end uint64, hdr http.Header) {
	ct := hdr.Get("Content-Type")
	if !strings.Contains(strings.ToLower(ct), "childtrack") {
		return
	}
	ptrs, err := smooth.ParseSparsePointer(ct)
	s.mu.Lock()
	if err != nil || !s.live() {
		first := err != nil && !s.badPointer
		s.badPointer = s.badPointer || err != nil
		s.mu.Unlock()
		if first {
			s.host.Logf("%s fragment at t=%d: %v: its Sparse Stream Pointers are not followed", from.si.Type, end, err)
		}
		return
	}
	limit := smooth.Seconds(end, from.si.TimeScale)
	var news []string
	for _, p := range ptrs {
		for _, t := range s.tracks {
			if t.si.Name != p.Stream || t.si.SparseKind() == "" || t.info.Inline || t.si.URL == "" {
				continue
			}
			tl := &t.si.Timeline
			if (tl.Len() > 0 && p.Time < tl.End()) || smooth.Seconds(p.Time, t.si.TimeScale) > limit {
				continue // known already, or beyond what the pointer may name
			}
			if err := tl.Append(smooth.Run{Start: p.Time, Duration: 1, Count: 1}); err == nil {
				news = append(news, fmt.Sprintf("%q t=%d", p.Stream, p.Time))
			}
		}
	}
	s.mu.Unlock()
	for _, n := range news {
		s.host.Logf("sparse stream %s: announced by the %s fragment ending at t=%d (ChildTrack)", n, from.si.Type, end)
	}
}
