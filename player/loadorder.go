package player

import (
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// followWait is how often a track held behind the video track looks again.
const followWait = 20 * time.Millisecond

// aheadOfVideo says whether t, a track other than video, must wait for the video
// track: its buffer, less a fragment, already ends beyond the video's (it keeps a
// fragment ahead, so that its own request time never starves the playhead). The
// track furthest behind loads first (as Media3's composite loader does), so on a
// shared link audio,
// whose fragments are small, does not fill its whole buffer target while video
// starts, delaying the first picture and the engine's first measurements. Never
// while video is done, has ended, stopped loading or is unavailable (a run of
// lost fragments). The caller holds s.mu.
func (s *Session) aheadOfVideo(t *track, end time.Duration) bool {
	if t.kind == media.KindVideo || len(s.tracks) == 0 {
		return false
	}
	v := s.tracks[0]
	if v == t || v.kind != media.KindVideo || v.done || v.loadDone || v.lostRun >= deadRun {
		return false
	}
	vEnd, eos := v.buf.state()
	return !eos && end > vEnd
}
