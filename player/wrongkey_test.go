package player

import (
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/media"
)

// TestWrongKey: a protected presentation's first pictures judge its key (three in
// four damaged, from the 12th picture to the 48th); a clear presentation's damage is
// only counted.
func TestWrongKey(t *testing.T) {
	const prot = "encrypted (cbcs, KID 0123456789abcdef0123456789abcdef)"
	for _, c := range []struct {
		protection       string
		decoded, damaged uint64
		want             string
	}{
		{prot, 12, 12, "wrong key for KID 0123456789abcdef0123456789abcdef: 12 of the first 12"},
		{prot, 12, 9, "9 of the first 12"},
		{prot, 12, 8, ""},
		{prot, 20, 15, "15 of the first 20"},
		{prot, 11, 11, ""},
		{prot, 49, 49, ""},
		{prot, 30, 0, ""},
		{"", 12, 12, ""},
		{"encrypted (cenc, video KID 0123456789abcdef0123456789abcdef, audio KID ffffffffffffffffffffffffffffffff)", 12, 12, "wrong key for KID 0123456789abcdef0123456789abcdef: 12"},
	} {
		err := wrongKey(c.protection, media.KindVideo, c.decoded, c.damaged)
		if (err == nil) != (c.want == "") || err != nil && !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q, %d of %d damaged: %v, want %q", c.protection, c.damaged, c.decoded, err, c.want)
		}
	}
}

// TestKIDOf: the KID a kind of track uses, from the protection the stats show.
func TestKIDOf(t *testing.T) {
	const v, a = "0123456789abcdef0123456789abcdef", "ffffffffffffffffffffffffffffffff"
	for _, c := range []struct {
		protection string
		kind       media.Kind
		want       string
	}{
		{"encrypted (cenc, KID " + v + ")", media.KindAudio, v},
		{"encrypted (cenc, KID " + v + ")", media.KindVideo, v},
		{"encrypted (cenc, video KID " + v + ", audio KID " + a + ")", media.KindVideo, v},
		{"encrypted (cenc, video KID " + v + ", audio KID " + a + ")", media.KindAudio, a},
		{"encrypted (cbcs, audio KID " + a + ")", media.KindAudio, a},
	} {
		if got := kidOf(c.protection, c.kind); got != c.want {
			t.Errorf("%q %s: %q, want %q", c.protection, c.kind, got, c.want)
		}
	}
	if err := wrongKey("encrypted (cenc, KID "+v+")", media.KindAudio, 12, 12); err == nil || !strings.Contains(err.Error(), "wrong key for KID "+v+": 12 of the first 12 decrypted audio frames fail to decode") {
		t.Errorf("audio: %v", err)
	}
}
