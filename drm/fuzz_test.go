package drm

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/Eyevinn/mp4ff/aac"
	"github.com/Eyevinn/mp4ff/mp4"
)

func oneLine(t *testing.T, err error) {
	if err != nil && strings.Contains(err.Error(), "\n") {
		t.Fatalf("error spans lines: %q", err)
	}
}

// FuzzParseSampleEncryption: senc payloads parse or fail in one line; what parses
// marshals and parses back to the same samples.
func FuzzParseSampleEncryption(f *testing.F) {
	p, _ := MarshalSampleEncryption(&SampleEncryption{Samples: []SampleInfo{{IV: make([]byte, 8), Subsamples: []Subsample{{Clear: 4, Protected: 60}}}}})
	f.Add(p, 8)
	f.Add([]byte{0, 0, 0, 1, 0, 0, 1, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 8)
	f.Fuzz(func(t *testing.T, b []byte, ivSize int) {
		se, err := ParseSampleEncryption(b, ivSize)
		oneLine(t, err)
		if err != nil {
			return
		}
		if len(se.Samples) > len(b) && len(se.Samples) > maxBarrenSamples {
			t.Fatalf("%d samples from %d bytes", len(se.Samples), len(b))
		}
		q, err := MarshalSampleEncryption(se)
		if err != nil {
			return
		}
		back, err := ParseSampleEncryption(q, ivSize)
		if err != nil || len(back.Samples) != len(se.Samples) {
			t.Fatalf("round trip: %v", err)
		}
	})
}

// FuzzParseTrafEncryption: a traf's boxes (senc or the PIFF uuid box, the PIFF track
// encryption box) parse or fail in one line.
func FuzzParseTrafEncryption(f *testing.F) {
	box, _ := PIFFSampleEncryptionBox(&SampleEncryption{Samples: []SampleInfo{{IV: make([]byte, 8)}}})
	f.Add(box, 8)
	f.Add(PIFFTrackEncryptionBox(TrackEncryption{AlgorithmID: 1, IVSize: 8}), 0)
	f.Fuzz(func(t *testing.T, b []byte, ivSize int) {
		_, err := ParseTrafEncryption(b, ivSize)
		oneLine(t, err)
		if len(b) >= 24 {
			_, err = ParsePIFFTrackEncryption(b[24:])
			oneLine(t, err)
		}
	})
}

// FuzzParsePlayReadyObject: PlayReady Objects parse or fail in one line; a written
// object parses back.
func FuzzParsePlayReadyObject(f *testing.F) {
	pro, _ := PlayReadyObject(Key{ID: KeyID{1}}, "/license", "cenc")
	f.Add(pro, "/license")
	f.Fuzz(func(t *testing.T, b []byte, la string) {
		_, err := ParsePlayReadyObject(b)
		oneLine(t, err)
		_, err = ParseWRMHeader(b)
		oneLine(t, err)
		if len(la) < 1000 && strings.ToValidUTF8(la, "") == la && !strings.ContainsAny(la, "\x00\r") {
			w, err := PlayReadyObject(Key{ID: KeyID{2}}, la, "cbcs")
			if err != nil {
				return
			}
			h, err := ParsePlayReadyObject(w)
			if err != nil || len(h.KIDs) != 1 {
				t.Fatalf("written object for LA_URL %q: %v", la, err)
			}
		}
	})
}

// FuzzDecryptFile: damaged protected files (ours, and mp4ff's PIFF vector) decrypt or
// fail in one line, never a panic.
func FuzzDecryptFile(f *testing.F) {
	k, _ := ParseKey(testKID + ":" + testKeyHex)
	piff, _ := ParseKey("c5c971897e674646949e0cd4dd92cbd7:0b17cd8bfc86557341c77bbc6e4fe9a3")
	if b, err := os.ReadFile("testdata/mp4ff__PIFF_audio_init.mp4"); err == nil {
		f.Add(b[:min(len(b), 4000)])
	}
	var enc bytes.Buffer
	if err := ProtectFile(tinyAAC(f), &enc, ProtectOptions{Key: k}); err != nil {
		f.Fatal(err)
	}
	if err := DecryptFile(nil, enc.Bytes(), Keys{k}, io.Discard); err != nil {
		f.Fatalf("the seed does not decrypt: %v", err)
	}
	f.Add(enc.Bytes())
	enc.Reset()
	if err := ProtectFile(tinyAAC(f), &enc, ProtectOptions{Key: k, NameKID: true}); err != nil {
		f.Fatal(err)
	}
	f.Add(enc.Bytes()) // PIFF boxes naming their KID (masked for mp4ff)
	f.Fuzz(func(t *testing.T, b []byte) {
		oneLine(t, DecryptFile(nil, b, Keys{k, piff}, io.Discard))
	})
}

// tinyAAC is a fragmented AAC file of two fragments of three 40-byte samples: a seed
// small enough for the fuzzer to mutate quickly.
func tinyAAC(f *testing.F) []byte {
	init := mp4.CreateEmptyInit()
	trak := init.AddEmptyTrack(48000, "audio", "und")
	if err := trak.SetAACDescriptor(aac.AAClc, 48000); err != nil {
		f.Fatal(err)
	}
	var b bytes.Buffer
	if err := init.Encode(&b); err != nil {
		f.Fatal(err)
	}
	for seq := uint32(1); seq <= 2; seq++ {
		frag, err := mp4.CreateFragment(seq, init.Moov.Trak.Tkhd.TrackID)
		if err != nil {
			f.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			frag.AddFullSample(mp4.FullSample{Sample: mp4.Sample{Dur: 1024, Size: 40}, DecodeTime: uint64(seq*3+uint32(i)) * 1024, Data: bytes.Repeat([]byte{byte(i)}, 40)})
		}
		if err := frag.Encode(&b); err != nil {
			f.Fatal(err)
		}
	}
	return b.Bytes()
}
