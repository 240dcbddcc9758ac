package drm

import (
	"bytes"
	"strings"
	"testing"

	"github.com/Eyevinn/mp4ff/mp4"
)

// TestDecrypterAgainstMP4ff: samples mp4ff encrypts (cenc subsamples and whole, cbcs
// 1:9 and whole blocks) decrypt back.
func TestDecrypterAgainstMP4ff(t *testing.T) {
	k, _ := ParseKey(testKID + ":" + testKeyHex)
	clear := make([]byte, 1000)
	for i := range clear {
		clear[i] = byte(i * 7)
	}
	iv := []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	subs := []Subsample{{Clear: 5, Protected: 300}, {Clear: 10, Protected: 500}, {Clear: 185}}
	var msubs []mp4.SubSamplePattern
	for _, s := range subs {
		msubs = append(msubs, mp4.SubSamplePattern{BytesOfClearData: s.Clear, BytesOfProtectedData: s.Protected})
	}
	tests := []struct {
		name string
		cfg  DecrypterConfig
		subs []Subsample
		enc  func(b []byte) error
	}{
		{"cenc subsamples", DecrypterConfig{Scheme: SchemeCENC}, subs, func(b []byte) error { return mp4.CryptSampleCenc(b, k.Bytes(), iv, msubs) }},
		{"cenc whole", DecrypterConfig{Scheme: SchemeCENC}, nil, func(b []byte) error { return mp4.CryptSampleCenc(b, k.Bytes(), iv, nil) }},
		{"piff whole", DecrypterConfig{Scheme: SchemePIFF}, nil, func(b []byte) error { return mp4.CryptSampleCenc(b, k.Bytes(), iv, nil) }},
		{"cbcs 1:9", DecrypterConfig{Scheme: SchemeCBCS, CryptByteBlock: 1, SkipByteBlock: 9}, subs, func(b []byte) error {
			return mp4.EncryptSampleCbcs(b, k.Bytes(), iv, msubs, &mp4.TencBox{DefaultCryptByteBlock: 1, DefaultSkipByteBlock: 9})
		}},
		{"cbcs whole", DecrypterConfig{Scheme: SchemeCBCS}, nil, func(b []byte) error { return mp4.EncryptSampleCbcs(b, k.Bytes(), iv, nil, &mp4.TencBox{}) }},
	}
	for _, tc := range tests {
		b := append([]byte(nil), clear...)
		if err := tc.enc(b); err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(b, clear) {
			t.Fatalf("%s: not encrypted", tc.name)
		}
		d, err := NewDecrypter(tc.cfg, k)
		if err != nil {
			t.Fatal(err)
		}
		if err := d.DecryptSample(b, SampleInfo{IV: iv, Subsamples: tc.subs}); err != nil || !bytes.Equal(b, clear) {
			t.Errorf("%s: %v, equal %v", tc.name, err, bytes.Equal(b, clear))
		}
	}
}

func TestDecrypterFaults(t *testing.T) {
	k, _ := ParseKey(testKID + ":" + testKeyHex)
	if _, err := NewDecrypter(DecrypterConfig{Scheme: "cens"}, k); err == nil || !strings.Contains(err.Error(), `"cens"`) {
		t.Errorf("unknown scheme: %v", err)
	}
	d, _ := NewDecrypter(DecrypterConfig{Scheme: SchemeCENC}, k)
	if err := d.DecryptSample(make([]byte, 10), SampleInfo{IV: make([]byte, 8), Subsamples: []Subsample{{Clear: 5, Protected: 6}}}); err == nil || !strings.Contains(err.Error(), "cover 11 bytes") {
		t.Errorf("subsamples past the sample: %v", err)
	}
	if err := d.DecryptSample(make([]byte, 10), SampleInfo{}); err == nil {
		t.Error("no IV accepted")
	}
}
