package drm

import (
	"bytes"
	"os"
	"testing"

	"github.com/Eyevinn/mp4ff/mp4"
)

// fileSamples is every sample's bytes of a fragmented file, in order.
func fileSamples(t *testing.T, b []byte) [][]byte {
	t.Helper()
	f, err := mp4.DecodeFile(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var trex *mp4.TrexBox
	if f.Moov != nil && f.Moov.Mvex != nil {
		trex = f.Moov.Mvex.Trex
	}
	var out [][]byte
	for _, s := range f.Segments {
		for _, fr := range s.Fragments {
			fs, err := fr.GetFullSamples(trex)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range fs {
				out = append(out, x.Data)
			}
		}
	}
	return out
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPIFFVectors: mp4ff's PIFF vectors (a PIFF SampleEncryptionBox in AAC fragments;
// a 'piff' scheme WMA file) decrypt to the samples of their decrypted references.
func TestPIFFVectors(t *testing.T) {
	tests := []struct {
		name, init, in, want, key string
	}{
		{"piff senc aac", "mp4ff__PIFF_audio_init.mp4", "mp4ff__PIFF_audio_segment-1.0001.m4s", "mp4ff__PIFF_audio_segment-1.0001_dec.m4s", "21b82dc2ebb24d5aa9f8631f04726650:602a9289bfb9b1995b75ac63f123fc86"},
		{"piff scheme wma", "", "mp4ff__PIFF_wma_piff_scheme_audio.mp4", "mp4ff__PIFF_wma_piff_scheme_audio_dec.mp4", "c5c971897e674646949e0cd4dd92cbd7:0b17cd8bfc86557341c77bbc6e4fe9a3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k, err := ParseKey(tc.key)
			if err != nil {
				t.Fatal(err)
			}
			var init []byte
			if tc.init != "" {
				init = readFile(t, "testdata/"+tc.init)
			}
			in := readFile(t, "testdata/"+tc.in)
			var out bytes.Buffer
			if err := DecryptFile(init, in, Keys{k}, &out); err != nil {
				t.Fatal(err)
			}
			want := readFile(t, "testdata/"+tc.want)
			got := out.Bytes()
			if init != nil {
				got = append(append([]byte(nil), init...), got...)
				want = append(append([]byte(nil), init...), want...)
			}
			gs, ws := fileSamples(t, got), fileSamples(t, want)
			if len(gs) != len(ws) || len(gs) == 0 {
				t.Fatalf("%d samples, want %d", len(gs), len(ws))
			}
			for i := range gs {
				if !bytes.Equal(gs[i], ws[i]) {
					t.Fatalf("sample %d differs from the reference", i)
				}
			}

		})
	}
}
