package smooth

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/smoothie-player/smoothie/media"
)

func readFragment(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "fragments", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseFragmentLive(t *testing.T) {
	tests := []struct {
		file      string
		kind      media.Kind
		time, dur uint64
		seq       uint32
		samples   int
		lookahead []uint64
		data      bool
	}{
		{"ffmpeg51-generated__live/QualityLevels(100000)_Fragments(video=100213333).mp4", media.KindVideo, 100213333, 20000000, 6, 50, []uint64{120213333, 140213333}, true},
		{"ffmpeg51-generated__live/QualityLevels(100000)_Fragments(video=120213333).mp4", media.KindVideo, 120213333, 20000000, 7, 50, []uint64{140213333}, true},
		{"ffmpeg51-generated__live/QualityLevels(100000)_FragmentInfo(video=100213333).mp4", media.KindVideo, 100213333, 20000000, 6, 50, []uint64{120213333, 140213333}, false},
		{"ffmpeg51-generated__live/QualityLevels(64000)_Fragments(audio=120319999).mp4", media.KindAudio, 120319999, 20053334, 7, 94, []uint64{140373333}, true},
		{"dashjs__mss_moof.mp4", media.KindVideo, 1236046960307666, 20000000, 61802347, 50, []uint64{1236046980307666, 1236047000307666}, true},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			b := readFragment(t, tc.file)
			f, err := ParseFragment(b, FragmentOptions{Timescale: DefaultTimeScale, Kind: tc.kind, Start: 42})
			if err != nil {
				t.Fatal(err)
			}
			if !f.HasTfxd || f.Time != tc.time || f.Duration != tc.dur || f.Sequence != tc.seq || len(f.Samples) != tc.samples || f.HasData != tc.data {
				t.Fatalf("got tfxd=%v t=%d d=%d seq=%d samples=%d data=%v", f.HasTfxd, f.Time, f.Duration, f.Sequence, len(f.Samples), f.HasData)
			}
			if len(f.Lookahead) != len(tc.lookahead) {
				t.Fatalf("lookahead %+v", f.Lookahead)
			}
			for i, la := range tc.lookahead {
				if f.Lookahead[i].Start != la {
					t.Errorf("lookahead %d = %d, want %d", i, f.Lookahead[i].Start, la)
				}
			}
			// Sample times start at the tfxd time and add up to the fragment.
			var sum uint64
			var bytesIn int
			for i, s := range f.Samples {
				if s.Time != tc.time+sum {
					t.Fatalf("sample %d time %d, want %d", i, s.Time, tc.time+sum)
				}
				sum += uint64(s.Duration)
				bytesIn += len(s.Data)
				if s.Timescale != DefaultTimeScale {
					t.Fatalf("timescale %d", s.Timescale)
				}
			}
			if !f.Samples[0].Keyframe {
				t.Errorf("first sample is not a keyframe")
			}
			if tc.data && (bytesIn == 0 || bytesIn > len(b)) {
				t.Errorf("sample data %d bytes of a %d-byte fragment", bytesIn, len(b))
			}
			if !tc.data && bytesIn != 0 {
				t.Errorf("FragmentInfo produced data")
			}
		})
	}
}

func TestParseFragmentWithoutTfxdUsesManifestTime(t *testing.T) {
	b := readFragment(t, "mp4ff__PIFF_audio_segment-1.0001_dec.m4s")
	f, err := ParseFragment(b, FragmentOptions{Timescale: 10000000, Start: 777, Kind: media.KindAudio})
	if err != nil {
		t.Fatal(err)
	}
	if f.HasTfxd || f.Time != 777 || f.Samples[0].Time != 777 || f.Encryption != "" {
		t.Errorf("time %d first %d enc %q", f.Time, f.Samples[0].Time, f.Encryption)
	}
}

// TestParseFragmentPIFF decrypts the PIFF test vector with the exposed IVs and compares
// with mp4ff's decrypted reference, proving the encryption info is right.
func TestParseFragmentPIFF(t *testing.T) {
	enc, err := ParseFragment(readFragment(t, "mp4ff__PIFF_audio_segment-1.0001.m4s"), FragmentOptions{Kind: media.KindAudio})
	if err != nil {
		t.Fatal(err)
	}
	dec, err := ParseFragment(readFragment(t, "mp4ff__PIFF_audio_segment-1.0001_dec.m4s"), FragmentOptions{Kind: media.KindAudio})
	if err != nil {
		t.Fatal(err)
	}
	if enc.Encryption != "piff" || len(enc.Samples) != len(dec.Samples) {
		t.Fatalf("encryption %q, %d vs %d samples", enc.Encryption, len(enc.Samples), len(dec.Samples))
	}
	key, _ := hex.DecodeString("602a9289bfb9b1995b75ac63f123fc86")
	block, _ := aes.NewCipher(key)
	for i, s := range enc.Samples {
		if s.Encryption == nil || len(s.Encryption.IV) != 8 {
			t.Fatalf("sample %d: encryption info %+v", i, s.Encryption)
		}
		iv := append(append([]byte{}, s.Encryption.IV...), make([]byte, 8)...)
		out := make([]byte, len(s.Data))
		cipher.NewCTR(block, iv).XORKeyStream(out, s.Data)
		if !bytes.Equal(out, dec.Samples[i].Data) {
			t.Fatalf("sample %d does not decrypt to the reference", i)
		}
	}
}

func TestParseFragmentBad(t *testing.T) {
	good := readFragment(t, "ffmpeg51-generated__live/QualityLevels(100000)_Fragments(video=100213333).mp4")
	bad := map[string][]byte{
		"empty":       {},
		"garbage":     []byte("this is not an mp4 fragment at all"),
		"init only":   readFragment(t, "mp4ff__PIFF_audio_init.mp4"),
		"whole isma":  readFragment(t, "mp4ff__bbb5s_aac.isma"),
		"huge header": {0xff, 0xff, 0xff, 0xff, 'm', 'o', 'o', 'f'},
	}
	for name, b := range bad {
		if _, err := ParseFragment(b, FragmentOptions{}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	// Every truncation errors or parses a prefix: never a panic (recover would turn it
	// into an error, so check the error is not the recovered kind).
	for n := 0; n < len(good); n += 7 {
		f, err := ParseFragment(good[:n], FragmentOptions{})
		if err == nil && f.HasData {
			var sum int
			for _, s := range f.Samples {
				sum += len(s.Data)
			}
			if sum > n {
				t.Fatalf("prefix %d: %d bytes of samples", n, sum)
			}
		}
	}
}

func TestParseFragmentBoxes(t *testing.T) {
	f, err := ParseFragment(readFragment(t, "dashjs__mss_moof.mp4"), FragmentOptions{Boxes: true})
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, b := range f.Boxes {
		types = append(types, b.Type)
	}
	want := []string{"moof", "mfhd", "traf", "tfhd", "trun", "uuid:tfxd", "uuid:tfrf", "mdat"}
	if len(types) != len(want) {
		t.Fatalf("boxes %v, want %v", types, want)
	}
	for i := range want {
		if types[i] != want[i] {
			t.Fatalf("boxes %v, want %v", types, want)
		}
	}
	if !f.OffsetFixed {
		t.Errorf("the dash.js fragment's trun offset ignores the inserted tfrf; OffsetFixed should say so")
	}
}

func TestSplitBoxes(t *testing.T) {
	b := readFragment(t, "mp4ff__bbb5s_aac.isma")
	boxes, err := SplitBoxes(b)
	if err != nil {
		t.Fatal(err)
	}
	var moofs []uint64
	for _, bx := range boxes {
		if bx.Type == "moof" {
			moofs = append(moofs, bx.Offset)
		}
	}
	// The tfra of this file points at moofs at 732, 33512 and 65871 (SOURCES.md).
	if len(moofs) != 3 || moofs[0] != 732 || moofs[1] != 33512 || moofs[2] != 65871 {
		t.Errorf("moofs at %v", moofs)
	}
	if last := boxes[len(boxes)-1]; last.Type != "mfra" || last.Offset+last.Size != uint64(len(b)) {
		t.Errorf("last box %+v of %d bytes", last, len(b))
	}
	for _, cut := range []int{3, 10, len(b) - 1} {
		if _, err := SplitBoxes(b[:cut]); err == nil {
			t.Errorf("cut at %d: no error", cut)
		}
	}
}

func TestParseMediaFile(t *testing.T) {
	b := readFragment(t, "mp4ff__bbb5s_aac.isma")
	mf, err := ParseMediaFile(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(mf.Tracks) != 1 || mf.Tracks[0].Kind != media.KindAudio || mf.Tracks[0].Timescale == 0 {
		t.Errorf("tracks %+v", mf.Tracks)
	}
	wantTimes := []uint64{0, 20053333, 40106667}
	wantOffs := []uint64{732, 33512, 65871}
	if len(mf.Index) != 3 || len(mf.Fragments) != 3 {
		t.Fatalf("index %+v fragments %+v", mf.Index, mf.Fragments)
	}
	for i, e := range mf.Index {
		if e.Time != wantTimes[i] || e.MoofOffset != wantOffs[i] {
			t.Errorf("tfra %d = %+v", i, e)
		}
		frag, ok := mf.FragmentAt(b, e.MoofOffset)
		if !ok {
			t.Fatalf("no fragment at %d", e.MoofOffset)
		}
		f, err := ParseFragment(frag, FragmentOptions{Kind: media.KindAudio, Timescale: uint64(mf.Tracks[0].Timescale)})
		if err != nil {
			t.Fatal(err)
		}
		// The tfxd in each fragment agrees with the index.
		if !f.HasTfxd || f.Time != e.Time {
			t.Errorf("fragment %d tfxd %v time %d, index says %d", i, f.HasTfxd, f.Time, e.Time)
		}
	}
	if _, err := ParseMediaFile([]byte("garbage!garbage!")); err == nil {
		t.Errorf("garbage accepted")
	}
}

func TestParseMediaFileCodecData(t *testing.T) {
	mf, err := ParseMediaFile(readFragment(t, "mp4ff__bbb5s_aac.isma"))
	if err != nil {
		t.Fatal(err)
	}
	tr := mf.Tracks[0]
	if tr.FourCC != "AACL" || tr.CodecPrivateData == "" || tr.SampleRate == 0 || tr.Channels == 0 {
		t.Fatalf("track %+v", tr)
	}
	// What the file says configures a decoder the same way a manifest would.
	s := StreamIndex{Type: media.KindAudio}
	cfg, err := s.CodecConfig(&QualityLevel{FourCC: tr.FourCC, CodecPrivateData: tr.CodecPrivateData, SamplingRate: tr.SampleRate, Channels: tr.Channels})
	if err != nil || cfg.Codec != CodecAAC {
		t.Errorf("config %+v %v", cfg, err)
	}
}

func TestMfraRoundTrip(t *testing.T) {
	in := []IndexEntry{{1, 0, 100}, {2, 5, 200}, {1, 20000000, 3000}, {2, 1 << 40, 4000}}
	b, err := MarshalMfra(in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := ParseMfra(b)
	if err != nil {
		t.Fatal(err)
	}
	// Grouped by track, in order of appearance.
	want := []IndexEntry{in[0], in[2], in[1], in[3]}
	if len(out) != len(want) {
		t.Fatalf("%+v", out)
	}
	for i := range want {
		if out[i] != want[i] {
			t.Errorf("entry %d = %+v, want %+v", i, out[i], want[i])
		}
	}
	// The mfro at the end names the mfra's size, as readers that seek from the end expect.
	if n := len(b); string(b[n-12:n-8]) != "mfro" || int(b[n-1])|int(b[n-2])<<8 != n {
		t.Errorf("mfro does not close the box: % x", b[n-16:])
	}
}

func TestParseFragmentIntoReuses(t *testing.T) {
	a := readFragment(t, "ffmpeg51-generated__live/QualityLevels(100000)_Fragments(video=100213333).mp4")
	b := readFragment(t, "ffmpeg51-generated__live/QualityLevels(64000)_Fragments(audio=120319999).mp4")
	var f MediaFragment
	if err := ParseFragmentInto(&f, b, FragmentOptions{Kind: media.KindAudio}); err != nil {
		t.Fatal(err)
	}
	first := &f.Samples[0]
	if err := ParseFragmentInto(&f, a, FragmentOptions{Kind: media.KindVideo}); err != nil {
		t.Fatal(err)
	}
	want, _ := ParseFragment(a, FragmentOptions{Kind: media.KindVideo})
	if &f.Samples[0] != first {
		t.Errorf("the sample slice was not reused")
	}
	if !reflect.DeepEqual(&f, want) {
		t.Errorf("reused parse differs from a fresh one")
	}
	if err := ParseFragmentInto(&f, []byte("junk"), FragmentOptions{}); err == nil {
		t.Errorf("junk parsed")
	}
}

func TestParseBoxHeader(t *testing.T) {
	tests := []struct {
		b       []byte
		typ     string
		size    uint64
		hdr     int
		wantErr bool
	}{
		{[]byte{0, 0, 0, 24, 'm', 'o', 'o', 'f'}, "moof", 24, 8, false},
		{[]byte{0, 0, 0, 0, 'm', 'd', 'a', 't'}, "mdat", 0, 8, false},
		{[]byte{0, 0, 0, 1, 'm', 'd', 'a', 't', 0, 0, 0, 1, 0, 0, 0, 0}, "mdat", 1 << 32, 16, false},
		{[]byte{0, 0, 0, 1, 'm', 'd', 'a', 't', 0, 0}, "", 0, 0, true},
		{[]byte{0, 0, 0, 4, 'f', 'r', 'e', 'e'}, "", 0, 0, true},
		{[]byte{0, 0, 0}, "", 0, 0, true},
	}
	for i, tc := range tests {
		typ, size, hdr, err := ParseBoxHeader(tc.b)
		if (err != nil) != tc.wantErr || (!tc.wantErr && (typ != tc.typ || size != tc.size || hdr != tc.hdr)) {
			t.Errorf("case %d: %q %d %d %v", i, typ, size, hdr, err)
		}
	}
}
