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
	in, err := readBenchFile()
	if err != nil {
		b.Fatal(err)
	}
	k, _ := ParseKey(testKID + ":" + testKeyHex)
	for _, scheme := range []string{SchemeCENC, SchemeCBCS} {
		b.Run(scheme, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				if err := ProtectFile(in, io.Discard, ProtectOptions{Key: k, Scheme: scheme}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDecryptFile(b *testing.B) {
	in, err := readBenchFile()
	if err != nil {
		b.Fatal(err)
	}
	k, _ := ParseKey(testKID + ":" + testKeyHex)
	for _, scheme := range []string{SchemeCENC, SchemeCBCS} {
		b.Run(scheme, func(b *testing.B) {
			var enc bytes.Buffer
			if err := ProtectFile(in, &enc, ProtectOptions{Key: k, Scheme: scheme}); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(enc.Len()))
			for b.Loop() {
				if err := DecryptFile(nil, enc.Bytes(), Keys{k}, io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func readBenchFile() ([]byte, error) {
	return os.ReadFile("../testdata/demo/demo_1280x720_2500k.ismv")
}
