package player

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/drm"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// TestProtection: the manifest's PlayReady header picks the key; without keys a
// protected presentation opens and its encrypted samples fail with "give the key";
// a wrong key or a missing KID fail at once naming the KID; a key decrypts, cenc
// (AES-CTR) and cbcs (AES-CBC, video in a 1:9 pattern, audio whole).
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
		{"wrong key, cbcs", "cbcs", drm.Keys{wrong}, "wrong key for KID " + k.ID.String()},
	} {
		_, err := newProtection(man(tc.scheme), tc.keys, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), keyHex) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
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
	if err := p.decrypt(media.KindAudio, "", []media.Sample{{Data: []byte{1}}}); err != nil {
		t.Errorf("clear sample: %v", err)
	}
	if err := p.decrypt(media.KindAudio, "", enc); err == nil || !strings.Contains(err.Error(), "give the key") {
		t.Errorf("no key: %v", err)
	}
	// The key: samples decrypted in place (AES-CTR is its own inverse).
	p, err = newProtection(man("cenc"), drm.Keys{k}, nil)
	if err != nil || p.desc() != "encrypted (cenc, KID "+k.ID.String()+")" {
		t.Fatalf("%v %+v", err, p)
	}
	if err := p.decrypt(media.KindAudio, "", enc); err != nil || enc[0].Encryption != nil || enc[0].Data[0] == 0 && enc[0].Data[1] == 0 {
		t.Errorf("decrypt: %v %+v", err, enc[0])
	}
	// cbcs: 16-byte IVs in the fragments; video's first block of ten is
	// encrypted, audio's every whole block.
	p, err = newProtection(man("cbcs"), drm.Keys{k}, nil)
	if err != nil || p.desc() != "encrypted (cbcs, KID "+k.ID.String()+")" || p.ivSize != 16 {
		t.Fatalf("cbcs: %v %+v", err, p)
	}
	keyBytes, _ := hex.DecodeString(keyHex)
	block, _ := aes.NewCipher(keyBytes)
	iv := bytes.Repeat([]byte{7}, 16)
	clear := bytes.Repeat([]byte("0123456789abcdef"), 12) // 12 blocks
	for _, kind := range []media.Kind{media.KindVideo, media.KindAudio} {
		data := append([]byte(nil), clear...)
		n := 16 // video: the pattern's one block; then nine clear, then the 11th
		if kind == media.KindAudio {
			n = len(data)
		}
		cipher.NewCBCEncrypter(block, iv).CryptBlocks(data[:n], data[:n])
		if kind == media.KindVideo {
			cipher.NewCBCEncrypter(block, data[:16]).CryptBlocks(data[160:176], data[160:176])
		}
		smp := []media.Sample{{Data: data, Encryption: &media.SampleEncryption{IV: iv}}}
		if err := p.decrypt(kind, "", smp); err != nil || !bytes.Equal(smp[0].Data, clear) {
			t.Errorf("cbcs %s: %v, %x", kind, err, smp[0].Data[:32])
		}
	}
}
