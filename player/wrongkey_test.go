package player

import (
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/media"
)

// TestWrongKey: a protected presentation's first outputs judge its key (half the
// pictures damaged, three in four audio frames refused, from the 12th output to the
// 48th), naming the KID of the kind of track judged; a clear presentation's damage
// is only counted.
func TestWrongKey(t *testing.T) {
	const v, a = "0123456789abcdef0123456789abcdef", "ffffffffffffffffffffffffffffffff"
	prot := SourceStats{Protection: "encrypted (cbcs, KID " + v + ")", VideoKID: v, AudioKID: v}
	perTrack := SourceStats{Protection: "encrypted (cenc, video KID " + v + ", audio KID " + a + ")", VideoKID: v, AudioKID: a}
	for _, c := range []struct {
		st               SourceStats
		kind             media.Kind
		decoded, damaged uint64
		want             string
	}{
		{prot, media.KindVideo, 12, 12, "wrong key for KID " + v + ": 12 of the first 12 decrypted pictures"},
		{prot, media.KindVideo, 12, 9, "9 of the first 12"},
		{prot, media.KindVideo, 12, 6, "6 of the first 12"},
		{prot, media.KindVideo, 12, 5, ""},
		{prot, media.KindVideo, 48, 24, "24 of the first 48"},
		{prot, media.KindVideo, 48, 23, ""},
		{prot, media.KindAudio, 12, 9, "9 of the first 12 decrypted audio frames"},
		{prot, media.KindAudio, 12, 8, ""},
		{prot, media.KindVideo, 20, 15, "15 of the first 20"},
		{prot, media.KindVideo, 11, 11, ""},
		{prot, media.KindVideo, 49, 49, ""},
		{prot, media.KindVideo, 30, 0, ""},
		{SourceStats{}, media.KindVideo, 12, 12, ""},
		{perTrack, media.KindVideo, 12, 12, "wrong key for KID " + v + ": 12"},
		{perTrack, media.KindAudio, 12, 12, "wrong key for KID " + a + ": 12 of the first 12 decrypted audio frames fail to decode"},
		{SourceStats{Protection: "encrypted (cenc, KIDs " + v + ", " + a + ")"}, media.KindAudio, 12, 12, "wrong key for KID (not named yet)"},
	} {
		err := wrongKey(c.st, c.kind, c.decoded, c.damaged)
		if (err == nil) != (c.want == "") || err != nil && !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q %s, %d of %d damaged: %v, want %q", c.st.Protection, c.kind, c.damaged, c.decoded, err, c.want)
		}
	}
}
