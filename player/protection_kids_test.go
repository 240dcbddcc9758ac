package player

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/drm"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// TestProtectionKeyPerTrack: a PlayReady header with two KIDs (a key for video, one
// for audio) needs a key for each; each fragment is decrypted with the key of the KID
// its PIFF box names, one naming none or a KID the header lacks is refused, and the
// views say which track uses which KID.
func TestProtectionKeyPerTrack(t *testing.T) {
	kv, _ := drm.ParseKey("0123456789abcdef0123456789abcdef:00112233445566778899aabbccddeeff")
	ka, _ := drm.ParseKey("fedcba9876543210fedcba9876543210:ffeeddccbbaa99887766554433221100")
	stranger, _ := drm.ParseKey("11111111111111111111111111111111:00000000000000000000000000000000")
	pro, err := drm.PlayReadyObjectKeys(drm.Keys{kv, ka}, "/license", "cenc")
	if err != nil {
		t.Fatal(err)
	}
	m := &smooth.Manifest{Protection: []smooth.ProtectionHeader{{SystemID: smooth.PlayReadySystemID, Data: pro}}}

	if _, err := newProtection(m, drm.Keys{kv}, nil); err == nil || !strings.Contains(err.Error(), "KID "+ka.ID.String()) {
		t.Errorf("the audio key missing: %v, want an error naming its KID", err)
	}
	p, err := newProtection(m, drm.Keys{kv, ka}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := p.desc(); d != "encrypted (cenc, KIDs "+kv.ID.String()+", "+ka.ID.String()+")" {
		t.Errorf("before any fragment: %q", d)
	}
	clear := bytes.Repeat([]byte("smoothie"), 8)
	for _, c := range []struct {
		name string
		kind media.Kind
		key  drm.Key
		kid  string
		want string // an error; "" decrypts to clear
	}{
		{"video with its KID", media.KindVideo, kv, kv.ID.String(), ""},
		{"audio with its KID", media.KindAudio, ka, ka.ID.String(), ""},
		{"no KID named", media.KindAudio, ka, "", "names no KID and the PlayReady header has 2"},
		{"a KID the header lacks", media.KindAudio, stranger, stranger.ID.String(), "names KID " + stranger.ID.String() + ", which the PlayReady header does not"},
	} {
		smp := []media.Sample{ctrSample(c.key, clear)}
		err := p.decrypt(c.kind, c.kid, smp)
		switch {
		case c.want == "" && (err != nil || !bytes.Equal(smp[0].Data, clear)):
			t.Errorf("%s: %v, %q", c.name, err, smp[0].Data)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	if d, want := p.desc(), "encrypted (cenc, video KID "+kv.ID.String()+", audio KID "+ka.ID.String()+")"; d != want {
		t.Errorf("desc %q, want %q", d, want)
	}
	if v, a := p.kid(media.KindVideo), p.kid(media.KindAudio); v != kv.ID.String() || a != ka.ID.String() {
		t.Errorf("KIDs by kind: video %q, audio %q", v, a)
	}

	// No keys given: each KID is asked of the licence server once, when a fragment
	// naming it arrives.
	asked := map[drm.KeyID]int{}
	p, err = newProtection(m, nil, func(_ string, kid drm.KeyID) (drm.Key, error) {
		asked[kid]++
		for _, k := range []drm.Key{kv, ka} {
			if k.ID == kid {
				return k, nil
			}
		}
		t.Fatalf("asked for %s", kid)
		return drm.Key{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		smp := []media.Sample{ctrSample(ka, clear)}
		if err := p.decrypt(media.KindAudio, ka.ID.String(), smp); err != nil || !bytes.Equal(smp[0].Data, clear) {
			t.Errorf("licensed audio: %v", err)
		}
	}
	if asked[ka.ID] != 1 || asked[kv.ID] != 0 {
		t.Errorf("licence requests %v: want the audio KID once, the video KID not yet", asked)
	}
}

// TestProtectionLearned: a presentation whose manifest has no ProtectionHeader but
// whose fragments are encrypted is decrypted with the key of the KID a fragment
// names, else with the one key given; without keys, or with several and a fragment
// naming none, it fails in one line.
func TestProtectionLearned(t *testing.T) {
	kv, _ := drm.ParseKey("0123456789abcdef0123456789abcdef:00112233445566778899aabbccddeeff")
	ka, _ := drm.ParseKey("fedcba9876543210fedcba9876543210:ffeeddccbbaa99887766554433221100")
	clear := bytes.Repeat([]byte("smoothie"), 8)
	for _, c := range []struct {
		name     string
		keys     drm.Keys
		key      drm.Key // the fragment's
		kid      string  // the KID it names
		want     string  // an error; "" decrypts
		wantDesc string
	}{
		{"one key, no KID named", drm.Keys{kv}, kv, "", "", "encrypted (cenc, KID " + kv.ID.String() + ")"},
		{"the KID named", drm.Keys{kv, ka}, ka, ka.ID.String(), "", "encrypted (cenc, KID " + ka.ID.String() + ")"},
		{"two keys, no KID named", drm.Keys{kv, ka}, ka, "", "which of the 2 keys decrypts it is unknown", "encrypted (cenc)"},
		{"no key for the KID named", drm.Keys{kv}, ka, ka.ID.String(), "encrypted fragments (KID " + ka.ID.String() + "), and the manifest has no ProtectionHeader: give the key", "encrypted (cenc)"},
		{"no keys", nil, kv, "", "the manifest has no ProtectionHeader to ask a licence server: give the key", "encrypted (cenc)"},
	} {
		p := fragmentProtection(c.keys)
		smp := []media.Sample{ctrSample(c.key, clear)}
		err := p.decrypt(media.KindAudio, c.kid, smp)
		switch {
		case c.want == "" && (err != nil || !bytes.Equal(smp[0].Data, clear)):
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
		if d := p.desc(); d != c.wantDesc {
			t.Errorf("%s: desc %q, want %q", c.name, d, c.wantDesc)
		}
	}
}

// ctrSample is clear encrypted with k in AES-CTR (an 8-byte IV), as a sample that
// carries its encryption.
func ctrSample(k drm.Key, clear []byte) media.Sample {
	block, _ := aes.NewCipher(k.Bytes())
	iv := []byte{1, 2, 3, 4, 5, 6, 7, 8}
	out := make([]byte, len(clear))
	cipher.NewCTR(block, append(append([]byte(nil), iv...), make([]byte, 8)...)).XORKeyStream(out, clear)
	return media.Sample{Data: out, Encryption: &media.SampleEncryption{IV: iv}}
}
