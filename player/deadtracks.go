package player

import (
	"fmt"

	"github.com/smoothie-player/smoothie/media"
)

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
	if t.kind == media.KindText {
		// A text track lost is shown as such; it never ends the session.
		if t.lostRun == deadRun && t.marks != "" {
			s.sparseLost(t, err)
		} else if t.lostRun == deadRun {
			s.st.TextTrack += " — unavailable: " + err.Error()
		}
		return
	}
	s.checkAllLost(fmt.Sprintf("the last %d fragments of every track failed (%s: %v)", deadRun, t.kind, err))
}

// dryRun is how many samples in a row a decoder may take without giving out a
// picture or a sound before its track counts as undecodable: ten seconds of video
// at 25 fps, far beyond any decoder's delay (frame threads, B-frame reordering).
const dryRun = 250

// noteDecoded records that t's decoder gave out something (err nil), or that it has
// taken dryRun samples in a row and given out nothing (err the last error it
// reported, if any); the caller holds s.mu.
func (s *Session) noteDecoded(t *track, err error) {
	if err == nil {
		t.decoded = true
	}
	if err == nil && t.dryErr == nil {
		return
	}
	if err == nil {
		t.dryErr = nil
		return
	}
	t.dryErr = err
	s.checkAllLost(fmt.Sprintf("%s: %d samples in a row decoded to nothing (%v)", t.kind, dryRun, err))
}

// checkAllLost sets the session's fatal error when no track can play: each has
// lost deadRun fragments in a row or decodes to nothing; the caller holds s.mu.
func (s *Session) checkAllLost(why string) {
	if s.fatal != nil {
		return
	}
	for _, o := range s.tracks {
		if o.lostRun < deadRun && o.dryErr == nil {
			return
		}
	}
	s.fatal = fmt.Errorf("nothing can be played: %s", why)
	signal(s.kick)
}

// failing reports whether the session has its fatal error (Run is ending): a
// decoder's errors after it (the rest of a fragment decrypted with a wrong key)
// are not counted.
func (s *Session) failing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fatal != nil
}

// decodedAny reports whether any track's decoder gave out something; the caller
// holds s.mu.
func (s *Session) decodedAny() bool {
	for _, t := range s.tracks {
		if t.decoded {
			return true
		}
	}
	return false
}
