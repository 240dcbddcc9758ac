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
