package player

import (
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// followWait is how often a track held behind the track it keeps in step with looks
// again when that track's buffer has not grown meanwhile.
const followWait = 20 * time.Millisecond

// aheadOfLead says whether t must wait for the track it keeps in step with:
// whether t's buffer end less the fragment it is to fetch (end) is beyond that
// track's buffer end; when it is, it also returns a channel closed when that
// buffer next grows. A track other than video keeps in step with the video
// track, and the video track with the audio track: the track furthest behind
// loads first (as Media3's composite loader does). So on a shared link audio,
// whose fragments are small, does not fill its whole buffer target while video
// starts (delaying the first picture and the engine's first measurements), and
// video does not fill its own while an audio track's first fragments are late
// (playback needs both; and a run of tiny video fragments alone moves too few
// bytes for the meter's small-transfer pool to say anything). Never while the
// other track is done, has ended, stopped loading or is unavailable (a run of
// lost fragments). The caller holds s.mu.
func (s *Session) aheadOfLead(t *track, end time.Duration) (bool, <-chan struct{}) {
	if len(s.tracks) == 0 {
		return false, nil
	}
	o := s.tracks[0]
	if t.kind == media.KindVideo {
		o = s.byKind(media.KindAudio)
	} else if o.kind != media.KindVideo {
		return false, nil
	}
	if o == nil || o == t || o.done || o.loadDone || o.lostRun >= deadRun {
		return false, nil
	}
	oEnd, eos := o.buf.state()
	if eos || end <= oEnd {
		return false, nil
	}
	return true, o.buf.growth()
}
