package smooth

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/Eyevinn/mp4ff/bits"
	"github.com/Eyevinn/mp4ff/mp4"
	"github.com/smoothie-player/smoothie/media"
)

var update = flag.Bool("update", false, "regenerate golden and generated files under testdata/")

const class3000 = "testdata/bench/class3000.ismc"

// genClass3000 builds a 3 000-fragment class manifest: six H.264 levels and AAC audio,
// every c written out (MinorVersion 0, no r) with audio durations that vary as AAC
// frame rounding makes them, so the parser does real work per element.
func genClass3000(t testing.TB) *Manifest {
	src := mustParseFile(t, "inputstreamadaptive__TearsOfSteel.ism.xml")
	m := &Manifest{MajorVersion: 2, MinorVersion: 0, TimeScale: DefaultTimeScale}
	video, audio := *src.Streams[0], *src.Streams[1]
	video.Chunks, audio.Chunks = 3000, 3000
	var vr, ar []Run
	var at uint64
	for i := 0; i < 3000; i++ {
		vr = append(vr, Run{Start: uint64(i) * 20000000, Duration: 20000000, Count: 1, Number: uint32(i), HasNumber: i%2 == 1})
		d := []uint64{20053333, 20053334, 19840000}[i%3]
		ar = append(ar, Run{Start: at, Duration: d, Count: 1})
		at += d
	}
	var err error
	if video.Timeline, err = NewTimeline(vr); err != nil {
		t.Fatal(err)
	}
	if audio.Timeline, err = NewTimeline(ar); err != nil {
		t.Fatal(err)
	}
	m.Duration = at
	m.Streams = []*StreamIndex{&video, &audio}
	return m
}

func TestClass3000Fixture(t *testing.T) {
	if *update {
		if err := os.WriteFile(class3000, genClass3000(t).Marshal(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(class3000)
	if err != nil {
		t.Fatalf("%v (regenerate with go test ./smooth -run Class3000 -update)", err)
	}
	m, err := ParseManifestBytes(b, class3000)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b, []byte("<c ")); n != 6000 {
		t.Errorf("%d c elements, want 6000", n)
	}
	for _, s := range m.Streams {
		if s.Timeline.Len() != 3000 {
			t.Errorf("%s: %d fragments", s.Name, s.Timeline.Len())
		}
	}
}

func BenchmarkParseManifest3000(b *testing.B) {
	data, err := os.ReadFile(class3000)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseManifestBytes(data, "x"); err != nil {
			b.Fatal(err)
		}
	}
}

func benchFragment(b *testing.B) []byte {
	data, err := os.ReadFile(filepath.Join("testdata", "fragments", "dashjs__mss_moof.mp4"))
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkParseFragment and BenchmarkMp4ffDecodeFragment decode the same bytes: the
// ratio of their ns/op is our fragment parse cost relative to mp4ff's own decode.
func BenchmarkParseFragment(b *testing.B) {
	data := benchFragment(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseFragment(data, FragmentOptions{Timescale: DefaultTimeScale, Kind: media.KindVideo}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMp4ffDecodeFragment(b *testing.B) {
	data := benchFragment(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := mp4.DecodeFileSR(bits.NewFixedSliceReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFragmentVsMp4ff alternates our parse and mp4ff's decode of the same bytes in
// one loop, so load on a shared machine hits both alike, and reports their ratio.
func BenchmarkFragmentVsMp4ff(b *testing.B) {
	data := benchFragment(b)
	opts := FragmentOptions{Timescale: DefaultTimeScale, Kind: media.KindVideo}
	var ours, theirs time.Duration
	for b.Loop() {
		t0 := time.Now()
		if _, err := ParseFragment(data, opts); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := mp4.DecodeFileSR(bits.NewFixedSliceReader(data)); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		ours += t1.Sub(t0)
		theirs += t2.Sub(t1)
	}
	b.ReportMetric(float64(ours)/float64(theirs), "ratio")
	b.ReportMetric(float64(ours.Nanoseconds())/float64(b.N), "ours-ns/op")
	b.ReportMetric(float64(theirs.Nanoseconds())/float64(b.N), "mp4ff-ns/op")
}

// BenchmarkFragmentIntoVsMp4ff is the same with the player's steady state: the sample
// slice reused from the previous fragment.
func BenchmarkFragmentIntoVsMp4ff(b *testing.B) {
	data := benchFragment(b)
	opts := FragmentOptions{Timescale: DefaultTimeScale, Kind: media.KindVideo}
	var f MediaFragment
	var ours, theirs time.Duration
	for b.Loop() {
		t0 := time.Now()
		if err := ParseFragmentInto(&f, data, opts); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := mp4.DecodeFileSR(bits.NewFixedSliceReader(data)); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		ours += t1.Sub(t0)
		theirs += t2.Sub(t1)
	}
	b.ReportMetric(float64(ours)/float64(theirs), "ratio")
}
