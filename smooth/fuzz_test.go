package smooth

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/drm"
)

func addSeeds(f *testing.F, glob string) {
	files, _ := filepath.Glob(glob)
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && len(b) < 1<<20 {
			f.Add(b)
		}
	}
}

// FuzzParseManifest: any input parses or fails with a one-line error; whatever parses
// marshals and parses back.
func FuzzParseManifest(f *testing.F) {
	addSeeds(f, "testdata/manifests/*.xml")
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseManifestBytes(b, "fuzz")
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		if d := m.DurationTime(); d < 0 {
			t.Fatalf("negative duration %v", d)
		}
		for _, s := range m.Streams {
			if s.Timeline.Len() > 0 && !TimeFits(s.Timeline.End(), s.TimeScale) {
				t.Fatalf("stream %q ends at t=%d, past what a time holds", s.Name, s.Timeline.End())
			}
			for _, q := range s.Levels {
				_, _ = s.CodecConfig(q)
				_ = s.FragmentURL(q, s.Timeline.Start())
			}
			if l, ok := s.Timeline.Last(); ok {
				if g, ok := s.Timeline.Find(l.Start); !ok || g.Index != l.Index {
					t.Fatalf("Find(last start) = %+v, want %+v", g, l)
				}
			}
		}
		for _, p := range m.Protection {
			_, _ = ParsePlayReadyObject(p.Data)
		}
		if _, err := ParseManifestBytes(m.Marshal(), "marshalled"); err != nil {
			t.Fatalf("marshal output does not parse: %v", err)
		}
	})
}

// FuzzParseRequest: URL parsing never panics, and what parses renders and parses back.
func FuzzParseRequest(f *testing.F) {
	for _, s := range []string{
		"/demo.ism/Manifest", "/a/b.isml/QualityLevels(300000,k=v)/Fragments(video=123)",
		"/x.ism/QualityLevels(1)/FragmentInfo(audio=0)", "/live.isml/Events(1)/Streams(v)", "/log",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		r, err := ParseRequest(path)
		if err != nil {
			return
		}
		again, err := ParseRequest(r.Path())
		if err != nil {
			t.Fatalf("%q -> %q does not parse: %v", path, r.Path(), err)
		}
		if again.Kind != r.Kind || again.Bitrate != r.Bitrate || again.Time != r.Time {
			t.Fatalf("%q: %+v became %+v", path, r, again)
		}
	})
}

// FuzzParseFragment: fragments parse or fail; samples always lie within the input.
func FuzzParseFragment(f *testing.F) {
	addSeeds(f, "testdata/fragments/*")
	addSeeds(f, "testdata/fragments/*/*")
	f.Add(namedKIDFragment(f)) // a PIFF box naming its KID: the masked decode
	f.Fuzz(func(t *testing.T, b []byte) {
		fr, err := ParseFragment(b, FragmentOptions{Timescale: DefaultTimeScale, Boxes: true})
		if err != nil {
			if strings.Contains(err.Error(), "malformed fragment") {
				t.Fatalf("decoder panicked: %v", err)
			}
			return
		}
		total := 0
		for _, s := range fr.Samples {
			total += len(s.Data)
		}
		if total > len(b) {
			t.Fatalf("%d sample bytes from %d input bytes", total, len(b))
		}
	})
}

// FuzzParseServerManifest: any .ism input parses or fails with a one-line error.
func FuzzParseServerManifest(f *testing.F) {
	addSeeds(f, "../testdata/demo/*.ism")
	f.Add([]byte(`<?xml version="1.0"?><smil xmlns="http://www.w3.org/2001/SMIL20/Language"><head><meta name="clientManifestRelativePath" content="a.ismc"/></head><body><switch><video src="a.ismv" systemBitrate="1"/></switch></body></smil>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := ParseServerManifest(bytes.NewReader(b), "fuzz"); err != nil && strings.Contains(err.Error(), "\n") {
			t.Fatalf("multi-line error %q", err)
		}
	})
}

// FuzzParseMediaFile: .ismv/.isma files, their moov and their mfra parse or fail;
// an index never points past the file.
func FuzzParseMediaFile(f *testing.F) {
	addSeeds(f, "testdata/fragments/*.isma")
	addSeeds(f, "testdata/fragments/*.mp4")
	f.Fuzz(func(t *testing.T, b []byte) {
		if mf, err := ParseMediaFile(b); err == nil {
			for _, r := range mf.Fragments {
				if r.Offset+r.Size > uint64(len(b)) || r.Offset+r.Size < r.Offset {
					t.Fatalf("fragment at %d+%d in a %d-byte file", r.Offset, r.Size, len(b))
				}
			}
		} else if strings.Contains(err.Error(), "\n") {
			t.Fatalf("multi-line error %q", err)
		}
		_, _ = ParseMoovTracks(b)
		_, _ = ParseMfra(b)
	})
}

// FuzzParsePlayReady: PlayReady objects and WRM headers parse or fail in one line.
func FuzzParsePlayReady(f *testing.F) {
	f.Add([]byte(`<WRMHEADER xmlns="http://schemas.microsoft.com/DRM/2007/03/PlayReadyHeader" version="4.0.0.0"><DATA><KID>AAAAAAAAAAAAAAAAAAAAAA==</KID><LA_URL>http://x/</LA_URL></DATA></WRMHEADER>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, parse := range []func([]byte) (*PlayReadyHeader, error){ParsePlayReadyObject, ParseWRMHeader} {
			if _, err := parse(b); err != nil && strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
		}
	})
}

// namedKIDFragment is the demo audio's first fragment encrypted with a key per track
// (its PIFF box names its KID).
func namedKIDFragment(f *testing.F) []byte {
	clear, err := os.ReadFile("../testdata/demo/demo_audio_128k.isma")
	if err != nil {
		f.Fatal(err)
	}
	k, _ := drm.ParseKey("0123456789abcdef0123456789abcdef:00112233445566778899aabbccddeeff")
	var enc bytes.Buffer
	if err := drm.ProtectFile(clear, &enc, drm.ProtectOptions{Key: k, NameKID: true}); err != nil {
		f.Fatal(err)
	}
	mf, err := ParseMediaFile(enc.Bytes())
	if err != nil || len(mf.Fragments) == 0 {
		f.Fatalf("%v, %d fragments", err, len(mf.Fragments))
	}
	r := mf.Fragments[0]
	return enc.Bytes()[r.Offset : r.Offset+r.Size]
}
