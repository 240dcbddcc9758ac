package player

import (
	"fmt"
	"strings"
)

// A protected presentation's first decoded pictures judge its key: a key that
// decrypts leaves none damaged; the wrong key (which a PlayReady header without a
// CHECKSUM cannot tell) leaves most of them damaged (measured on the demo: 99 of
// 109, and 8 to 10 of the first 12, as the garbage falls): the decoder conceals
// garbage and returns pictures anyway, but flags them (FFmpeg's
// AV_FRAME_FLAG_CORRUPT and decode_error_flags, media.VideoFrame.Damaged). From
// wrongKeyFrames pictures on, up to wrongKeyWindow, three in four damaged condemn it.
const (
	wrongKeyFrames = 12
	wrongKeyWindow = 48
)

// wrongKey is the session's error when decoded pictures of a protected presentation
// (protection is its Stats.Protection, "encrypted (cenc, KID …)"; "" when clear), of
// which damaged decoded damaged, say that the key is not the one the content was
// encrypted with. Nil otherwise.
func wrongKey(protection string, decoded, damaged uint64) error {
	if protection == "" || decoded < wrongKeyFrames || decoded > wrongKeyWindow || damaged*4 < decoded*3 {
		return nil
	}
	kid := protection // the video's KID: "…, video KID k, audio KID …)" or "…, KID k)"
	if i := strings.Index(protection, "video KID "); i >= 0 {
		kid, _, _ = strings.Cut(protection[i+len("video KID "):], ",")
	} else if i := strings.Index(protection, "KID "); i >= 0 {
		kid = protection[i+len("KID "):]
	}
	kid = strings.TrimSuffix(kid, ")")
	return fmt.Errorf("wrong key for KID %s: %d of the first %d decrypted pictures decode damaged (the decoder flags them corrupt)", kid, damaged, decoded)
}
