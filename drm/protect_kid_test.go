package drm

import (
	"bytes"
	"testing"

	"github.com/Eyevinn/mp4ff/mp4"
)

// TestProtectNamesKID: with NameKID every fragment's PIFF box names the track's KID
// (the override: algorithm, IV size, KID), which MoofEncryption reads; mp4ff, which
// refuses the override, reads the masked copy, and DecryptFile decrypts the file back
// to its clear samples with no trace of the box left.
func TestProtectNamesKID(t *testing.T) {
	k, _ := ParseKey(testKID + ":" + testKeyHex)
	clear := readFile(t, "../testdata/demo/demo_320x180_300k.ismv")
	want := fileSamples(t, clear)
	for _, c := range []struct {
		scheme string
		alg    uint32
		ivSize int
	}{{SchemeCENC, AlgorithmAESCTR, 8}, {SchemeCBCS, AlgorithmAESCBC, 16}} {
		var enc bytes.Buffer
		if err := ProtectFile(clear, &enc, ProtectOptions{Key: k, Scheme: c.scheme, LAURL: "/license", NameKID: true}); err != nil {
			t.Fatalf("%s: %v", c.scheme, err)
		}
		b := enc.Bytes()
		if _, err := mp4.DecodeFile(bytes.NewReader(b)); err == nil {
			t.Fatalf("%s: mp4ff read the override: the masking is no longer needed", c.scheme)
		}
		f, err := mp4.DecodeFile(bytes.NewReader(maskFileOverrides(b)))
		if err != nil {
			t.Fatalf("%s: masked: %v", c.scheme, err)
		}
		frags := 0
		for _, fr := range f.Segments[0].Fragments {
			m := fr.Moof
			box, se, err := MoofEncryption(b[m.StartPos:m.StartPos+m.Size()], c.ivSize)
			if err != nil || se == nil || se.Override == nil {
				t.Fatalf("%s: moof at %d: %s %+v %v", c.scheme, m.StartPos, box, se, err)
			}
			if o := se.Override; o.KID != k.ID || o.AlgorithmID != c.alg || o.IVSize != c.ivSize {
				t.Fatalf("%s: moof at %d overrides with %+v", c.scheme, m.StartPos, o)
			}
			frags++
		}
		if frags == 0 {
			t.Fatalf("%s: no fragments", c.scheme)
		}
		var dec bytes.Buffer
		if err := DecryptFile(nil, b, Keys{k}, &dec); err != nil {
			t.Fatalf("%s: decrypt: %v", c.scheme, err)
		}
		if bytes.Contains(dec.Bytes(), uuidMaskedPIFF[:]) || bytes.Contains(dec.Bytes(), UUIDPIFFSampleEncryption[:]) {
			t.Errorf("%s: a sample encryption box is left in the clear file", c.scheme)
		}
		back := fileSamples(t, dec.Bytes())
		if len(back) != len(want) {
			t.Fatalf("%s: %d samples back, want %d", c.scheme, len(back), len(want))
		}
		for i := range back {
			if !bytes.Equal(back[i], want[i]) {
				t.Fatalf("%s: sample %d differs after decryption", c.scheme, i)
			}
		}
	}
}
