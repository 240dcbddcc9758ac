package drm

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/Eyevinn/mp4ff/mp4"
)

// TestDecryptFaults: damaged protected files are one-line errors naming the fragment,
// never a panic.
func TestDecryptFaults(t *testing.T) {
	k, _ := ParseKey(testKID + ":" + testKeyHex)
	video := readFile(t, "../testdata/demo/demo_320x180_300k.ismv")
	var enc bytes.Buffer
	if err := ProtectFile(video, &enc, ProtectOptions{Key: k}); err != nil {
		t.Fatal(err)
	}
	good := enc.Bytes()
	wrong, _ := NewKey(k.ID, make([]byte, 16))
	senc := bytes.Index(good, []byte("senc"))
	if senc < 0 {
		t.Fatal("no senc")
	}
	mutate := func(f func(b []byte)) []byte {
		b := append([]byte(nil), good...)
		f(b)
		return b
	}
	count := binary.BigEndian.Uint32(good[senc+8:])
	tests := []struct {
		name string
		b    []byte
		keys Keys
		want string
	}{
		{"truncated senc", mutate(func(b []byte) { binary.BigEndian.PutUint32(b[senc+8:], count+1) }), Keys{k}, "senc"},
		{"sample count past the box", mutate(func(b []byte) { binary.BigEndian.PutUint32(b[senc+8:], 1<<30) }), Keys{k}, "1073741824 samples in a"},
		{"subsample past the sample", mutate(func(b []byte) { binary.BigEndian.PutUint32(b[senc+12+8+2+2:], 1<<30) }), Keys{k}, "subsamples cover"},
		{"unknown scheme", mutate(func(b []byte) { i := bytes.Index(b, []byte("schm")); copy(b[i+8:], "cens") }), Keys{k}, `"cens"`},
		{"no key", good, nil, "no key for KID " + testKID},
		{"wrong key", good, Keys{wrong}, "wrong key for KID " + testKID},
	}
	for _, tc := range tests {
		err := DecryptFile(nil, tc.b, tc.keys, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), testKeyHex) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	d, _ := NewDecrypter(DecrypterConfig{Scheme: SchemeCENC}, k)
	samples := []mp4.FullSample{{Data: make([]byte, 10)}, {Data: make([]byte, 10)}}
	if err := decryptSamples(d, samples, &SampleEncryption{Samples: make([]SampleInfo, 1)}); err == nil || !strings.Contains(err.Error(), "1 entries for 2 samples") {
		t.Errorf("IV count mismatch: %v", err)
	}
}
