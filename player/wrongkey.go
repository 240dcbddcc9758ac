package player

import (
	"fmt"

	"github.com/smoothie-player/smoothie/media"
)

// A protected presentation's first decoded outputs judge its key: a key that decrypts
// leaves none damaged; the wrong key (which a PlayReady header without a CHECKSUM
// cannot tell) leaves most of them damaged. Video: the decoder conceals garbage and
// returns pictures anyway, but flags them (FFmpeg's AV_FRAME_FLAG_CORRUPT and
// decode_error_flags, media.VideoFrame.Damaged; measured on the demo: 99 of 109 or
// 112, 8 to 10 of the first 12, as the garbage falls, and once never three in four
// over the first 48, where one in two never failed to tell). Audio: FFmpeg's AAC
// decoder refuses the garbage ("Invalid data found when processing input": every
// frame of the demo's audio decrypted with a wrong key). From wrongKeyFrames outputs
// on, up to wrongKeyWindow, half the pictures damaged (the right key leaves none), or
// three in four audio frames refused, condemn it.
const (
	wrongKeyFrames = 12
	wrongKeyWindow = 48
)

// wrongKey is the session's error when decoded outputs of a track of kind k of a
// protected presentation (st is its source's stats: Protection "" when clear, the
// KIDs), of which damaged decoded damaged (pictures flagged corrupt, audio frames
// refused), say that the key is not the one the content was encrypted with. Nil
// otherwise.
func wrongKey(st SourceStats, k media.Kind, decoded, damaged uint64) error {
	if st.Protection == "" || !condemns(k, decoded, damaged) {
		return nil
	}
	kid := st.VideoKID
	if k == media.KindAudio {
		kid = st.AudioKID
	}
	if kid == "" {
		kid = "(not named yet)"
	}
	if k == media.KindAudio {
		return fmt.Errorf("wrong key for KID %s: %d of the first %d decrypted audio frames fail to decode", kid, damaged, decoded)
	}
	return fmt.Errorf("wrong key for KID %s: %d of the first %d decrypted pictures decode damaged (the decoder flags them corrupt)", kid, damaged, decoded)
}

// condemns says whether damaged of the first decoded outputs of a track of kind k
// condemn the key: half the pictures, three in four audio frames, judged from
// wrongKeyFrames outputs to wrongKeyWindow.
func condemns(k media.Kind, decoded, damaged uint64) bool {
	if decoded < wrongKeyFrames || decoded > wrongKeyWindow {
		return false
	}
	if k == media.KindAudio {
		return damaged*4 >= decoded*3
	}
	return damaged*2 >= decoded
}

// judgeAudioKey counts one audio sample sent to the decoder (failed: refused) in
// judged (sent, refused) and ends the session with wrongKey's verdict. Audio judges
// its key only when no video judges the same KID (an audio-only presentation, or a
// key per track): pictures tell a key better (and decoded clean they prove it, a
// refused audio frame being then the stream's fault).
func (s *Session) judgeAudioKey(judged *[2]uint64, failed bool) {
	if judged[0] >= wrongKeyWindow {
		return
	}
	judged[0]++
	if failed {
		judged[1]++
	}
	if !condemns(media.KindAudio, judged[0], judged[1]) {
		return // (a clear presentation's samples stop here, before the source's stats)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.src.Stats()
	if s.fatal != nil || st.Protection == "" || s.hasVideo() && st.AudioKID == st.VideoKID {
		return
	}
	if s.fatal = wrongKey(st, media.KindAudio, judged[0], judged[1]); s.fatal != nil {
		signal(s.kick)
	}
}

// hasVideo reports whether the session plays a video track; the caller holds s.mu.
func (s *Session) hasVideo() bool {
	for _, t := range s.tracks {
		if t.kind == media.KindVideo {
			return true
		}
	}
	return false
}
