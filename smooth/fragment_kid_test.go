package smooth

import (
	"bytes"
	"os"
	"testing"

	"github.com/smoothie-player/smoothie/drm"
	"github.com/smoothie-player/smoothie/media"
)

// TestParseFragmentNamesKID: a fragment whose PIFF box names its KID (the override,
// what a presentation with a key per track carries and mp4ff refuses) parses: its
// samples, their encryption, and the KID and IV size the box names, for cenc and
// cbcs.
func TestParseFragmentNamesKID(t *testing.T) {
	clear, err := os.ReadFile("../testdata/demo/demo_audio_128k.isma")
	if err != nil {
		t.Fatal(err)
	}
	k, _ := drm.ParseKey("0123456789abcdef0123456789abcdef:00112233445566778899aabbccddeeff")
	for _, c := range []struct {
		scheme string
		ivSize int
	}{{drm.SchemeCENC, 8}, {drm.SchemeCBCS, 16}} {
		var enc bytes.Buffer
		if err := drm.ProtectFile(clear, &enc, drm.ProtectOptions{Key: k, Scheme: c.scheme, NameKID: true}); err != nil {
			t.Fatal(err)
		}
		b := enc.Bytes()
		mf, err := ParseMediaFile(b)
		if err != nil || len(mf.Fragments) == 0 {
			t.Fatalf("%s: %v, %d fragments", c.scheme, err, len(mf.Fragments))
		}
		for i, r := range mf.Fragments {
			f, err := ParseFragment(b[r.Offset:r.Offset+r.Size], FragmentOptions{Kind: media.KindAudio, Timescale: uint64(mf.Tracks[0].Timescale), IVSize: c.ivSize})
			if err != nil {
				t.Fatalf("%s: fragment %d: %v", c.scheme, i, err)
			}
			if f.Encryption == "" || f.OverrideKID != k.ID.String() || f.IVSize != c.ivSize || len(f.Samples) == 0 {
				t.Fatalf("%s: fragment %d: %q, KID %q, IV size %d, %d samples", c.scheme, i, f.Encryption, f.OverrideKID, f.IVSize, len(f.Samples))
			}
			for j, s := range f.Samples {
				if s.Encryption == nil || len(s.Encryption.IV) != c.ivSize {
					t.Fatalf("%s: fragment %d sample %d: encryption %+v", c.scheme, i, j, s.Encryption)
				}
			}
		}
	}
}
