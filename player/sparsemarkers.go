package player

import "fmt"

// maxUnplaced bounds the markers without a time a stream's Stats entry lists.
const maxUnplaced = 8

// manifestMarks makes marks of the markers sparse track in carries in the
// manifest (IIS Content elements, TrackInfo.Marks), counted in e: one with a real
// time is a mark like one read from a fragment (kept for the whole presentation,
// and in every lap of a looped one); one whose time is a placeholder is listed in
// e.Unplaced and logged, never scheduled. The caller holds s.mu.
func (s *Session) manifestMarks(in TrackInfo, e *SparseTrack) {
	kind := sparseKind(in)
	for _, sm := range in.Marks {
		e.Markers++
		if !sm.Timed {
			s.cfg.Logf("%s stream %q: marker %q at Time=%q: not a time, listed, not scheduled", kind, in.Name, sm.Text, sm.TimeText)
			if len(e.Unplaced) < maxUnplaced {
				e.Unplaced = append(e.Unplaced, fmt.Sprintf("%q at %q", sm.Text, sm.TimeText))
			}
			continue
		}
		if len(s.marks) >= maxMarks {
			msg := fmt.Sprintf("%s stream %q: more than %d marks held: its markers from the manifest are not all placed", kind, in.Name, maxMarks)
			s.cfg.Logf("%s", msg)
			s.emit(ErrorEvent{At: s.since(s.cfg.Clock.Now()), Msg: msg})
			return
		}
		at := sm.At - s.base
		if s.addMark(Mark{Kind: kind, Track: in.Name, Start: at, End: at, Text: sm.Text, static: true}) {
			e.Marks++
			s.cfg.Logf("%s %q at %.3fs (from the manifest): %s", kind, in.Name, at.Seconds(), sm.Text)
		}
	}
}
