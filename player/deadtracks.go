package player

import "fmt"

// deadRun is how many fragments in a row a track may lose (each after its retries
// and a step down) before the track counts as unavailable. An isolated loss is a
// gap and playback goes on; a track that is unavailable while another plays goes
// on as a series of gaps (video without audio, say); when every track is, nothing
// can play and the session fails instead of "playing" silence and a still picture.
const deadRun = 3

// noteFragment records whether t's latest fragment was fetched and read (err nil)
// or skipped. When every track has lost deadRun fragments in a row it sets the
// session's fatal error, which ends Run; the caller holds s.mu.
func (s *Session) noteFragment(t *track, err error) {
	if err == nil {
		t.lostRun = 0
		return
	}
	t.lostRun++
	if s.fatal != nil {
		return
	}
	for _, o := range s.tracks() {
		if o.lostRun < deadRun {
			return
		}
	}
	s.fatal = fmt.Errorf("nothing can be played: the last %d fragments of every track failed (%s: %v)", deadRun, t.kind, err)
	signal(s.kick)
}
