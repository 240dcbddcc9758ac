package drm

import (
	"bytes"
	"io"
	"os"
	"testing"
)

// BenchmarkProtectFile and BenchmarkDecryptFile: the demo's 720p level (6.3 MB), whole
// files in memory; MB/s is the file's bytes a second.
func BenchmarkProtectFile(b *testing.B) {
	benchSchemes(b, func(b *testing.B, k Key, in []byte, scheme string) ([]byte, func() error) {
		return in, func() error { return ProtectFile(in, io.Discard, ProtectOptions{Key: k, Scheme: scheme}) }
	})
}

func BenchmarkDecryptFile(b *testing.B) {
	benchSchemes(b, func(b *testing.B, k Key, in []byte, scheme string) ([]byte, func() error) {
		var enc bytes.Buffer
		if err := ProtectFile(in, &enc, ProtectOptions{Key: k, Scheme: scheme}); err != nil {
			b.Fatal(err)
		}
		return enc.Bytes(), func() error { return DecryptFile(nil, enc.Bytes(), Keys{k}, io.Discard) }
	})
}

// benchSchemes runs, for cenc and cbcs, the operation setup returns over the bytes it
// returns.
func benchSchemes(b *testing.B, setup func(b *testing.B, k Key, in []byte, scheme string) ([]byte, func() error)) {
	in, err := os.ReadFile("../testdata/demo/demo_1280x720_2500k.ismv")
	if err != nil {
		b.Fatal(err)
	}
	k, _ := ParseKey(testKID + ":" + testKeyHex)
	for _, scheme := range []string{SchemeCENC, SchemeCBCS} {
		b.Run(scheme, func(b *testing.B) {
			data, op := setup(b, k, in, scheme)
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if err := op(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
