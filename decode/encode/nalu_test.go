package encode

import (
	"bytes"
	"testing"
)

func TestLengthPrefixed(t *testing.T) {
	in := []byte{0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 1, 0x65, 4, 5, 6}
	got, err := lengthPrefixed(in)
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{0, 0, 0, 3, 0x67, 1, 2, 0, 0, 0, 2, 0x68, 3, 0, 0, 0, 4, 0x65, 4, 5, 6}
	if !bytes.Equal(got, want) {
		t.Fatalf("got % x, want % x", got, want)
	}
	if _, err := lengthPrefixed(nil); err == nil {
		t.Fatal("empty access unit accepted")
	}
}

func TestParseParamSets(t *testing.T) {
	ext := []byte{0, 0, 0, 1, 0x67, 0x64, 0, 0x1f, 0, 0, 0, 1, 0x68, 0xee, 0x3c, 0x80, 0, 0, 1, 0x06, 5}
	p, err := parseParamSets(CodecH264, ext)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.SPS) != 1 || len(p.PPS) != 1 || p.SPS[0][0] != 0x67 || p.PPS[0][0] != 0x68 {
		t.Fatalf("bad split: %+v", p)
	}
	want := []byte{0, 0, 0, 1, 0x67, 0x64, 0, 0x1f, 0, 0, 0, 1, 0x68, 0xee, 0x3c, 0x80}
	if !bytes.Equal(p.AnnexB(), want) {
		t.Fatalf("AnnexB % x", p.AnnexB())
	}
	if _, err := parseParamSets(CodecH264, []byte{0, 0, 1, 0x06}); err == nil {
		t.Fatal("missing SPS accepted")
	}
	if _, err := parseParamSets(CodecHEVC, ext); err == nil {
		t.Fatal("HEVC without VPS accepted")
	}
}

// TestParamSetsAnnexBHEVC: HEVC's CodecPrivateData carries the VPS first, then the
// SPS and PPS (it lost the VPS once, and no player could be configured from it).
func TestParamSetsAnnexBHEVC(t *testing.T) {
	vps, sps, pps := []byte{0x40, 0x01, 0x0c}, []byte{0x42, 0x01, 0x01}, []byte{0x44, 0x01, 0xc1}
	var ext []byte
	for _, u := range [][]byte{sps, vps, pps, {0x4e, 0x01, 5}} { // out of order, and an SEI
		ext = append(append(ext, 0, 0, 0, 1), u...)
	}
	p, err := parseParamSets(CodecHEVC, ext)
	if err != nil {
		t.Fatal(err)
	}
	var want []byte
	for _, u := range [][]byte{vps, sps, pps} {
		want = append(append(want, 0, 0, 0, 1), u...)
	}
	if !bytes.Equal(p.AnnexB(), want) {
		t.Fatalf("AnnexB % x, want % x", p.AnnexB(), want)
	}
}
