package drm

import (
	"bytes"
	"strings"
	"testing"
)

func TestSampleEncryptionRoundTrip(t *testing.T) {
	se := &SampleEncryption{Samples: []SampleInfo{
		{IV: []byte{1, 2, 3, 4, 5, 6, 7, 8}, Subsamples: []Subsample{{Clear: 5, Protected: 100}, {Clear: 3, Protected: 0}}},
		{IV: []byte{9, 9, 9, 9, 9, 9, 9, 9}},
	}}
	p, err := MarshalSampleEncryption(se)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseSampleEncryption(p, 8)
	if err != nil || len(got.Samples) != 2 || !bytes.Equal(got.Samples[1].IV, se.Samples[1].IV) || got.Samples[0].Subsamples[0] != se.Samples[0].Subsamples[0] || len(got.Samples[1].Subsamples) != 0 {
		t.Fatalf("%+v %v", got, err)
	}
	box, _ := PIFFSampleEncryptionBox(se)
	kids, err := childBoxes(box)
	if err != nil || len(kids) != 1 || kids[0].UUID != UUIDPIFFSampleEncryption || !bytes.Equal(kids[0].Payload, p) {
		t.Fatalf("PIFF box %v %v", kids, err)
	}
	// A PIFF override (flag 1) gives its own IV size and KID.
	ov := append([]byte{0, 0, 0, 1, 0, 0, 1, 16}, make([]byte, 16)...)
	ov = append(ov, 0, 0, 0, 1)
	ov = append(ov, bytes.Repeat([]byte{7}, 16)...)
	got, err = ParseSampleEncryption(ov, 8)
	if err != nil || got.Override == nil || got.Override.IVSize != 16 || len(got.Samples[0].IV) != 16 {
		t.Fatalf("override: %+v %v", got, err)
	}
	// Written with its override, it parses back to the same override and IVs
	// whatever IV size the reader assumed.
	se = &SampleEncryption{Override: &TrackEncryption{AlgorithmID: AlgorithmAESCBC, IVSize: 16, KID: KeyID{3, 4}},
		Samples: []SampleInfo{{IV: bytes.Repeat([]byte{5}, 16), Subsamples: []Subsample{{Clear: 4, Protected: 32}}}}}
	p, err = MarshalSampleEncryption(se)
	if err != nil {
		t.Fatal(err)
	}
	got, err = ParseSampleEncryption(p, 8)
	if err != nil || got.Override == nil || *got.Override != *se.Override || !bytes.Equal(got.Samples[0].IV, se.Samples[0].IV) || got.Samples[0].Subsamples[0] != se.Samples[0].Subsamples[0] {
		t.Fatalf("override round trip: %+v %v", got, err)
	}
	se.Samples[0].IV = se.Samples[0].IV[:8]
	if _, err := MarshalSampleEncryption(se); err == nil {
		t.Fatal("an 8-byte IV under a 16-byte override marshalled")
	}
	te := TrackEncryption{AlgorithmID: 1, IVSize: 8, KID: KeyID{1, 2}}
	if back, err := ParsePIFFTrackEncryption(PIFFTrackEncryptionBox(te)[24:]); err != nil || back != te {
		t.Fatalf("PIFF tenc %+v %v", back, err)
	}
}

// TestSampleEncryptionFaults: damaged boxes are one-line errors, never a panic or a
// large allocation.
func TestSampleEncryptionFaults(t *testing.T) {
	good, _ := MarshalSampleEncryption(&SampleEncryption{Samples: []SampleInfo{
		{IV: make([]byte, 8), Subsamples: []Subsample{{Clear: 5, Protected: 100}}},
		{IV: make([]byte, 8), Subsamples: []Subsample{{Clear: 5, Protected: 10}}},
	}})
	huge := append([]byte{}, good...)
	huge[4], huge[5] = 0xff, 0xff
	manySub := append([]byte{}, good...)
	manySub[16], manySub[17] = 0xff, 0xff
	tests := []struct {
		name   string
		b      []byte
		ivSize int
		want   string
	}{
		{"empty", nil, 8, "at least 8"},
		{"truncated senc", good[:len(good)-3], 8, "bytes there"},
		{"IV count past the box", huge, 8, "samples of at least"},
		{"subsample count past the box", manySub, 8, "subsamples"},
		{"wrong IV size", good, 16, "samples of at least"},
		{"IV size 4", good, 4, "IV size 4"},
		{"left over", append(append([]byte{}, good...), 1, 2), 8, "left"},
		{"override truncated", []byte{0, 0, 0, 1, 0, 0, 1, 8}, 8, "override"},
		{"unknown algorithm", append([]byte{0, 0, 0, 1, 0, 0, 9, 8}, make([]byte, 20)...), 8, "AlgorithmID 9"},
	}
	for _, tc := range tests {
		_, err := ParseSampleEncryption(tc.b, tc.ivSize)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}
