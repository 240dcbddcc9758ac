package player

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/drm"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// TestProtection: the manifest's PlayReady header picks the key; without keys a
// protected presentation opens and its encrypted samples fail with "give the key";
// a wrong key, a missing KID or cbcs fail at once naming the KID; a key decrypts.
func TestProtection(t *testing.T) {
	const keyHex = "00112233445566778899aabbccddeeff"
	k, _ := drm.ParseKey("0123456789abcdef0123456789abcdef:" + keyHex)
	wrong, _ := drm.NewKey(k.ID, make([]byte, 16))
	other, _ := drm.ParseKey("ffffffffffffffffffffffffffffffff:" + keyHex)
	man := func(scheme string) *smooth.Manifest {
		pro, _ := drm.PlayReadyObject(k, "/license", scheme)
		return &smooth.Manifest{Protection: []smooth.ProtectionHeader{{SystemID: smooth.PlayReadySystemID, Data: pro, Raw: base64.StdEncoding.EncodeToString(pro)}}}
	}
	for _, tc := range []struct {
		name   string
		scheme string
		keys   drm.Keys
		want   string
	}{
		{"wrong key", "cenc", drm.Keys{wrong}, "wrong key for KID " + k.ID.String()},
		{"no key for the KID", "cenc", drm.Keys{other}, "give the key"},
		{"cbcs", "cbcs", drm.Keys{k}, "cbcs"},
	} {
		_, err := newProtection(man(tc.scheme), tc.keys, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), keyHex) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	two, _ := drm.PlayReadyObjectKeys(drm.Keys{k, other}, "/license", "cenc")
	m2 := &smooth.Manifest{Protection: []smooth.ProtectionHeader{{SystemID: smooth.PlayReadySystemID, Data: two}}}
	if _, err := newProtection(m2, drm.Keys{k, other}, nil); err == nil || !strings.Contains(err.Error(), "2 KIDs") {
		t.Errorf("two KIDs: %v", err)
	}
	if p, err := newProtection(&smooth.Manifest{}, nil, nil); p != nil || err != nil {
		t.Errorf("clear: %v %v", p, err)
	}
	// No keys: it opens; an encrypted sample fails, a clear one passes.
	p, err := newProtection(man("cenc"), nil, nil)
	if err != nil || p == nil {
		t.Fatal(err)
	}
	enc := []media.Sample{{Data: make([]byte, 32), Encryption: &media.SampleEncryption{IV: make([]byte, 8)}}}
	if err := p.decrypt([]media.Sample{{Data: []byte{1}}}); err != nil {
		t.Errorf("clear sample: %v", err)
	}
	if err := p.decrypt(enc); err == nil || !strings.Contains(err.Error(), "give the key") {
		t.Errorf("no key: %v", err)
	}
	// The key: samples decrypted in place (AES-CTR is its own inverse).
	p, err = newProtection(man("cenc"), drm.Keys{k}, nil)
	if err != nil || p.Desc != "encrypted (cenc, KID "+k.ID.String()+")" {
		t.Fatalf("%v %+v", err, p)
	}
	if err := p.decrypt(enc); err != nil || enc[0].Encryption != nil || enc[0].Data[0] == 0 && enc[0].Data[1] == 0 {
		t.Errorf("decrypt: %v %+v", err, enc[0])
	}
}
