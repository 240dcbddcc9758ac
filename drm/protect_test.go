package drm

import (
	"bytes"
	"testing"

	"github.com/Eyevinn/mp4ff/mp4"
)

// TestProtectRoundTrip: the demo's video and audio files, encrypted with each scheme,
// decrypt back to their samples; the encrypted samples differ, video keeps its NAL
// headers clear, and every fragment's PIFF SampleEncryptionBox says what its senc says.
func TestProtectRoundTrip(t *testing.T) {
	k, _ := ParseKey(testKID + ":" + testKeyHex)
	for _, file := range []string{"../testdata/demo/demo_320x180_300k.ismv", "../testdata/demo/demo_audio_128k.isma"} {
		clear := readFile(t, file)
		want := fileSamples(t, clear)
		for _, scheme := range []string{SchemeCENC, SchemeCBCS} {
			var enc bytes.Buffer
			if err := ProtectFile(clear, &enc, ProtectOptions{Key: k, Scheme: scheme, LAURL: "/license"}); err != nil {
				t.Fatalf("%s %s: %v", file, scheme, err)
			}
			got := fileSamples(t, enc.Bytes())
			if len(got) != len(want) {
				t.Fatalf("%s %s: %d samples, want %d", file, scheme, len(got), len(want))
			}
			same := 0
			for i := range got {
				if bytes.Equal(got[i], want[i]) {
					same++
				}
			}
			if same > len(got)/10 {
				t.Errorf("%s %s: %d of %d samples left clear", file, scheme, same, len(got))
			}
			checkProtected(t, enc.Bytes(), scheme)
			var dec bytes.Buffer
			if err := DecryptFile(nil, enc.Bytes(), Keys{k}, &dec); err != nil {
				t.Fatalf("%s %s: decrypt: %v", file, scheme, err)
			}
			back := fileSamples(t, dec.Bytes())
			for i := range back {
				if !bytes.Equal(back[i], want[i]) {
					t.Fatalf("%s %s: sample %d differs after decryption", file, scheme, i)
				}
			}
		}
	}
}

// checkProtected reads what a Smooth client reads: the PlayReady pssh, the PIFF track
// encryption box, and each fragment's PIFF sample encryption against its senc.
func checkProtected(t *testing.T, b []byte, scheme string) {
	t.Helper()
	f, err := mp4.DecodeFile(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	ps, err := Protections(f.Moov)
	if err != nil || len(ps) != 1 || !ps[0].PIFF || ps[0].Scheme != scheme || ps[0].Track.KID.String() != testKID {
		t.Fatalf("protection %+v %v", ps, err)
	}
	if len(f.Moov.Psshs) != 1 {
		t.Fatalf("%d pssh", len(f.Moov.Psshs))
	}
	h, err := ParsePlayReadyObject(f.Moov.Psshs[0].Data)
	if err != nil || h.LAURL != "/license" || h.KIDHex()[0] != testKID {
		t.Fatalf("PlayReady header %+v %v", h, err)
	}
	for _, fr := range f.Segments[0].Fragments {
		m := fr.Moof
		trafs, err := rawTrafs(b[m.StartPos : m.StartPos+m.Size()])
		if err != nil {
			t.Fatal(err)
		}
		// A cbcs track's senc has no IVs (the moov's constant IV); its PIFF box
		// gives that IV per sample, 16 bytes, as the AESCBC header says.
		piffIV := ps[0].Track.IVSize
		if scheme == SchemeCBCS {
			piffIV = 16
		}
		var senc, piff *SampleEncryption
		for _, c := range trafs[0] {
			if c.Type == "senc" {
				senc, _ = ParseSampleEncryption(c.Payload, ps[0].Track.IVSize)
			}
			if c.Type == "uuid" && c.UUID == UUIDPIFFSampleEncryption {
				piff, _ = ParseSampleEncryption(c.Payload, piffIV)
			}
		}
		if piff == nil || senc == nil && !(scheme == SchemeCBCS && f.Moov.Trak.Mdia.Hdlr.HandlerType == "soun") {
			// (cbcs audio: a constant IV and whole samples need no senc)
			t.Fatalf("moof at %d: senc %v, PIFF %v", m.StartPos, senc != nil, piff != nil)
		}
		if n := int(m.Traf.Trun.SampleCount()); len(piff.Samples) != n || senc != nil && len(senc.Samples) != n {
			t.Fatalf("moof at %d: %d samples, PIFF box %d", m.StartPos, n, len(piff.Samples))
		}
		for i, p := range piff.Samples {
			want := ps[0].Config.ConstantIV
			if senc != nil && scheme != SchemeCBCS {
				want = senc.Samples[i].IV
			}
			if !bytes.Equal(p.IV, want) || senc != nil && len(senc.Samples[i].Subsamples) != len(p.Subsamples) {
				t.Fatalf("moof at %d sample %d: PIFF box differs from senc", m.StartPos, i)
			}
		}
	}
}
