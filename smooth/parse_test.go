package smooth

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/smoothie-player/smoothie/media"
)

func mustParseFile(t testing.TB, name string) *Manifest {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "manifests", name))
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseManifestBytes(b, name)
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return m
}

// streamFacts are what each conformance manifest must yield, taken from the files'
// provenance notes (SOURCES.md) and the reference players' test expectations.
type streamFacts struct {
	kind      media.Kind
	name      string
	levels    int
	fragments uint64
	start     uint64
	end       uint64
}

func TestParseConformance(t *testing.T) {
	tests := []struct {
		file     string
		live     bool
		scale    uint64
		duration uint64
		streams  []streamFacts
	}{
		{"azuredocs__deliver-content-overview_v2.2_rtag.xml", false, 1000, 8000, []streamFacts{
			// r="4" is the total count: four fragments of 2000, ending at Duration.
			{media.KindVideo, "video", 1, 4, 0, 8000}}},
		{"azuredocs__deliver-content-overview_v2.0_no-rtag.xml", false, 1000, 8000, []streamFacts{
			{media.KindVideo, "video", 1, 4, 0, 8000}}},
		{"dashjs__manifest.xml", false, DefaultTimeScale, 4084405506, []streamFacts{
			{media.KindVideo, "video", 6, 208, 0, 4084071841},
			{media.KindAudio, "audio", 1, 208, 0, 4084869991}}},
		{"ffmpeg51-generated__live_snapshot1_Manifest.xml", true, DefaultTimeScale, 0, []streamFacts{
			{media.KindVideo, "video", 1, 1, 213333, 20213333},
			{media.KindAudio, "audio", 1, 1, 0, 20266666}}},
		{"inputstreamadaptive__live_async_streams.ism.xml", true, DefaultTimeScale, 0, []streamFacts{
			{media.KindVideo, "video", 6, 30, 3903180167058030, 3903180767058030},
			{media.KindAudio, "audio_spa", 1, 30, 3903180160071363, 3903180760178030},
			{media.KindAudio, "audio_qaa", 1, 30, 3903180160071363, 3903180760178030},
			{media.KindText, "SPA_231_888", 1, 29, 3903180160000000, 3903180740000000}}},
		{"inputstreamadaptive__TearsOfSteel.ism.xml", false, DefaultTimeScale, 7341917460, []streamFacts{
			{media.KindVideo, "video", 8, 368, 0, 7341666666},
			{media.KindAudio, "AAC_und_ch2_128kbps", 1, 364, 0, 7341917460},
			{media.KindAudio, "AAC_und_ch2_56kbps", 1, 364, 0, 7341917460}}},
		{"rxplayer__Manifest_Regular.xml", false, DefaultTimeScale, 750079999, []streamFacts{
			{media.KindVideo, "video", 8, 38, 0, 750000000},
			{media.KindAudio, "audio_und", 1, 38, 0, 750079999}}},
		{"rxplayer__Manifest_Empty_Text_Track.xml", false, DefaultTimeScale, 750079999, []streamFacts{
			{media.KindVideo, "video", 8, 38, 0, 750000000},
			{media.KindAudio, "audio_und", 1, 38, 0, 750079999},
			{media.KindText, "fra", 1, 0, 0, 0}}},
		{"ytdlp__sintel.Manifest.xml", false, DefaultTimeScale, 8880746666, []streamFacts{
			{media.KindAudio, "audio", 1, 445, 0, 8880746666},
			{media.KindText, "textstream_eng", 1, 11, 0, 6240000000},
			{media.KindVideo, "video", 5, 444, 0, 8880000000}}},
		{"gstreamer__mssdemux_simpleTest.xml", false, DefaultTimeScale, 40000000, []streamFacts{
			{media.KindVideo, "video", 1, 4, 0, 40000000},
			{media.KindAudio, "audio", 1, 1, 0, 40000000}}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			m := mustParseFile(t, tc.file)
			if m.IsLive != tc.live || m.TimeScale != tc.scale || m.Duration != tc.duration {
				t.Errorf("live/timescale/duration = %v/%d/%d, want %v/%d/%d", m.IsLive, m.TimeScale, m.Duration, tc.live, tc.scale, tc.duration)
			}
			if len(m.Streams) != len(tc.streams) {
				t.Fatalf("%d streams, want %d", len(m.Streams), len(tc.streams))
			}
			for i, want := range tc.streams {
				s := m.Streams[i]
				got := streamFacts{s.Type, s.Name, len(s.Levels), s.Timeline.Len(), s.Timeline.Start(), s.Timeline.End()}
				if got != want {
					t.Errorf("stream %d = %+v, want %+v", i, got, want)
				}
			}
		})
	}
}

func TestParseDetails(t *testing.T) {
	live := mustParseFile(t, "inputstreamadaptive__live_async_streams.ism.xml")
	if live.LookaheadCount != 2 || live.LookaheadAttr != "LookAheadFragmentCount" || live.DVRWindowLength != 600000000 {
		t.Errorf("lookahead %d (%s), dvr %d", live.LookaheadCount, live.LookaheadAttr, live.DVRWindowLength)
	}
	if live.CanSeek == nil || !*live.CanSeek || live.CanPause == nil || !*live.CanPause {
		t.Errorf("CanSeek/CanPause not read")
	}
	if live.Streams[0].Levels[0].Index != 1 {
		t.Errorf("first Index = %d, want 1 (this manifest starts at 1)", live.Streams[0].Levels[0].Index)
	}
	if len(live.Protection) != 1 || live.Protection[0].SystemID != PlayReadySystemID || len(live.Protection[0].Data) == 0 {
		t.Errorf("protection = %+v", live.Protection)
	}

	sub := mustParseFile(t, "dashjs__manifestSubtype.xml")
	if len(sub.CustomAttributes) != 1 || sub.CustomAttributes[0].Name != "timeScaleZeroPoint" {
		t.Errorf("root CustomAttributes = %+v", sub.CustomAttributes)
	}
	if sub.Protection[0].SystemID != PlayReadySystemID || sub.Protection[0].Data != nil {
		t.Errorf("malformed SystemID or placeholder text: %+v", sub.Protection[0])
	}
	v := sub.Streams[0]
	if got := v.Levels[1].CustomAttributes; len(got) != 1 || got[0] != (Attribute{"hardwareProfile", "1000"}) {
		t.Errorf("level CustomAttributes = %+v", got)
	}
	zoe := sub.Streams[1]
	if zoe.ParentStreamIndex != "video" || zoe.Subtype != "ZOET" || zoe.Timeline.Len() != 3 {
		t.Errorf("sparse stream = %+v", zoe)
	}
	// The last sparse c has only t: it lasts to the presentation's end.
	if last, _ := zoe.Timeline.Last(); last.End() != sub.Duration {
		t.Errorf("sparse last fragment ends at %d, want Duration %d", last.End(), sub.Duration)
	}
	if got := sub.Streams[3].Name; got != "captions " {
		t.Errorf("Name with trailing space = %q", got)
	}

	legacy := mustParseFile(t, "dashjs__manifest.xml")
	if q := legacy.Streams[0].Levels[0]; q.MaxWidth == 0 || q.MaxHeight == 0 {
		t.Errorf("legacy Width/Height not read: %+v", q)
	}
	ms := mustParseFile(t, "media3__sample_ismc_1.xml")
	if ms.Streams[0].Levels[1].Index != 5 {
		t.Errorf("Index gap not kept: %d", ms.Streams[0].Levels[1].Index)
	}
}

func TestParseDialects(t *testing.T) {
	base := `<?xml version="1.0" encoding="utf-8"?>
<!-- Created with a packager -->
<SmoothStreamingMedia MajorVersion='2' MinorVersion = "2" Duration="60" TimeScale="10" IsLive="TRUE" LookaheadCount="3" Vendor:x="1" Foo="bar">
<StreamIndex Type='VIDEO' Url='QualityLevels({bitrate})/Fragments(video={start time})'>
<QualityLevel Index="0" Bitrate="1000" FourCC="H264" MaxWidth="10" MaxHeight="10" CodecPrivateData=""/>
<c t="10" d="20" r="2"/><c d="10"/>
</StreamIndex>
</SmoothStreamingMedia>`
	check := func(t *testing.T, m *Manifest) {
		t.Helper()
		s := m.Streams[0]
		if !m.IsLive || m.LookaheadCount != 3 || m.LookaheadAttr != "LookaheadCount" || s.Type != media.KindVideo {
			t.Errorf("root/stream attrs: %+v", m)
		}
		if s.Timeline.Len() != 3 || s.Timeline.Start() != 10 || s.Timeline.End() != 60 {
			t.Errorf("timeline %d fragments %d..%d", s.Timeline.Len(), s.Timeline.Start(), s.Timeline.End())
		}
		if len(m.Extra) == 0 {
			t.Errorf("vendor attribute not kept")
		}
	}
	t.Run("utf8", func(t *testing.T) {
		m, err := ParseManifestBytes([]byte(base), "x")
		if err != nil {
			t.Fatal(err)
		}
		check(t, m)
	})
	t.Run("crlf+bom", func(t *testing.T) {
		b := append([]byte{0xEF, 0xBB, 0xBF}, strings.ReplaceAll(base, "\n", "\r\n")...)
		m, err := ParseManifestBytes(b, "x")
		if err != nil {
			t.Fatal(err)
		}
		check(t, m)
	})
	for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
		t.Run("utf16-"+order.String(), func(t *testing.T) {
			doc := strings.Replace(base, "utf-8", "utf-16", 1)
			u := utf16.Encode([]rune("\ufeff" + doc))
			b := make([]byte, 2*len(u))
			for i, c := range u {
				order.PutUint16(b[2*i:], c)
			}
			m, err := ParseManifestBytes(b, "x")
			if err != nil {
				t.Fatal(err)
			}
			check(t, m)
		})
	}
}

func TestParseErrors(t *testing.T) {
	wrap := func(stream string) string {
		return `<SmoothStreamingMedia MajorVersion="2" MinorVersion="0" Duration="100">` + "\n" + stream + "\n</SmoothStreamingMedia>"
	}
	lvl := `<QualityLevel Index="0" Bitrate="1000" FourCC="AACL" SamplingRate="48000" Channels="2"/>`
	audio := func(cs string) string {
		return wrap(`<StreamIndex Type="audio" Url="Q({bitrate})/F(audio={start time})">` + lvl + cs + `</StreamIndex>`)
	}
	tests := []struct {
		name, doc, want string
	}{
		// QA U5: what is plainly not XML says what it is.
		{"empty", "", "x.ismc: empty document: not a Smooth Streaming client manifest"},
		{"blank", " \r\n\t", "x.ismc: empty document"},
		{"not xml", "hello", "x.ismc: text, not XML"},
		{"json", `{"streams": []}`, "x.ismc: JSON, not XML"},
		{"json array", " [1, 2]", "x.ismc: JSON, not XML"},
		{"fragment", "\x00\x00\x02\x00moof\x00\x00\x00\x10mfhd", "x.ismc: MP4 data (moof box), not XML"},
		{"mp4 file", "\x00\x00\x00\x18ftypisml", "MP4 data (ftyp box)"},
		{"binary", "\x8d\x04\xf7\xd3\x01\x02garbage", "x.ismc: binary data, not XML"},
		{"only a comment", "<!-- nothing -->", "no SmoothStreamingMedia"},
		{"wrong root", "<MPD/>", "not a Smooth Streaming client manifest"},
		{"malformed", "<SmoothStreamingMedia MajorVersion=\"2\" MinorVersion=\"0\" Duration=\"1\">\n<StreamIndex>", "x.ismc:2:"},
		{"unclosed attr", `<SmoothStreamingMedia MajorVersion="2`, "malformed XML"},
		{"missing MajorVersion", `<SmoothStreamingMedia MinorVersion="0" Duration="1"/>`, "no MajorVersion attribute"},
		{"bad MajorVersion", `<SmoothStreamingMedia MajorVersion="7" MinorVersion="0" Duration="1"/>`, "want 1 or 2"},
		{"negative duration", `<SmoothStreamingMedia MajorVersion="2" MinorVersion="0" Duration="-5"/>`, `Duration "-5": not an unsigned integer`},
		{"overflow duration", `<SmoothStreamingMedia MajorVersion="2" MinorVersion="0" Duration="18446744073709551616"/>`, "out of range"},
		{"zero timescale", `<SmoothStreamingMedia MajorVersion="2" MinorVersion="0" Duration="1" TimeScale="0"/>`, "TimeScale 0"},
		{"no streams", `<SmoothStreamingMedia MajorVersion="2" MinorVersion="0" Duration="1"></SmoothStreamingMedia>`, "no StreamIndex"},
		{"bad type", wrap(`<StreamIndex Type="subtitle"/>`), `Type "subtitle"`},
		{"bad bool", `<SmoothStreamingMedia MajorVersion="2" MinorVersion="0" Duration="1" IsLive="maybe"/>`, "not a boolean"},
		{"no levels", wrap(`<StreamIndex Type="video"></StreamIndex>`), "has no QualityLevel"},
		{"no bitrate", wrap(`<StreamIndex Type="video"><QualityLevel Index="0"/></StreamIndex>`), "no Bitrate attribute"},
		{"bitrate text", wrap(`<StreamIndex Type="video"><QualityLevel Index="0" Bitrate="abc"/></StreamIndex>`), `Bitrate "abc": not an unsigned integer`},
		{"duplicate index", wrap(`<StreamIndex Type="audio">` + lvl + lvl + `</StreamIndex>`), "Index 0 is used twice"},
		{"c without t or d", audio(`<c/>`), "neither t nor d"},
		{"last c without d", audio(`<c t="0" d="10"/><c t="500"/>`), "last c element has no d"},
		{"t decreasing", audio(`<c t="50" d="10"/><c t="20" d="10"/>`), "must increase"},
		{"r zero", audio(`<c t="0" d="10" r="0"/>`), `r="0"`},
		{"r overflow", audio(`<c t="0" d="1000000000000" r="100000000000"/>`), `StreamIndex "audio": invalid timeline: 100000000000 fragments of 1000000000000 from t=0 overflow 64-bit time`},
		{"absurd count", audio(`<c t="0" d="1" r="2000000000000"/>`), "more than"},
		// W6: 10^11 fragments of 2 s fit uint64 and int64 ticks but not a time.Duration.
		{"end past time range", audio(`<c t="213333" d="20000000" r="100000000000"/>`), `x.ismc:2: StreamIndex "audio": c t=213333 d=20000000 r=100000000000 ends at t=2000000000000213333`},
		{"end past int64 ticks", wrap(`<StreamIndex Type="audio" TimeScale="4294967296000">` + lvl + `<c t="0" d="1000000000000000000" r="10"/></StreamIndex>`), "later than 9223372036 s"},
		{"late start", audio(`<c t="0" d="10"/><c t="92233720360000000" d="10"/>`), `x.ismc:2: StreamIndex "audio": c t=92233720360000000`},
		{"duration past time range", `<SmoothStreamingMedia MajorVersion="2" MinorVersion="0" Duration="18446744073709551615"/>`, "longer than 9223372036 s"},
		{"n too big", audio(`<c t="0" d="1" n="99999999999"/>`), "32-bit"},
		{"trailing root", wrap(`<StreamIndex Type="audio">`+lvl+`</StreamIndex>`) + "<x/>", "content after"},
		{"truncated", `<SmoothStreamingMedia MajorVersion="2" MinorVersion="0" Duration="1"><StreamIndex Type="audio">`, "unexpected EOF"},
		{"nested too deep", wrap(strings.Repeat("<x>", 300) + strings.Repeat("</x>", 300)), "x.ismc:2: elements nested deeper than 256"},
		{"nested too deep in c", audio(`<c t="0" d="1">` + strings.Repeat("<f>", 300) + strings.Repeat("</f>", 300) + `</c>`), "elements nested deeper than 256"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseManifestBytes([]byte(tc.doc), "x.ismc")
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.want) || !strings.HasPrefix(msg, "x.ismc") || strings.Contains(msg, "\n") {
				t.Errorf("error %q, want one line starting with the source and containing %q", msg, tc.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Errorf("error is %T, want *ParseError", err)
			}
		})
	}
}

// endless is a generated document larger than any cap: an opening tag, then comments.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	if e.n == 0 {
		c := copy(p, `<SmoothStreamingMedia MajorVersion="2" MinorVersion="0" Duration="1">`)
		e.n += int64(c)
		return c, nil
	}
	if e.n >= 2<<30 {
		return 0, io.EOF
	}
	for i := range p {
		p[i] = ' '
	}
	e.n += int64(len(p))
	return len(p), nil
}

func TestParseHugeManifestRefused(t *testing.T) {
	r := &endless{}
	_, err := ParseManifest(r, "huge.ismc")
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if r.n > MaxManifestSize+1<<20 {
		t.Errorf("read %d bytes, want about the cap %d", r.n, MaxManifestSize)
	}
}

func TestParseHugeRepeatIsCompact(t *testing.T) {
	doc := `<SmoothStreamingMedia MajorVersion="2" MinorVersion="2" Duration="0" IsLive="true">
<StreamIndex Type="video"><QualityLevel Index="0" Bitrate="1" FourCC="H264"/><c t="0" d="20000000" r="100000000"/></StreamIndex></SmoothStreamingMedia>`
	m, err := ParseManifestBytes([]byte(doc), "x")
	if err != nil {
		t.Fatal(err)
	}
	tl := &m.Streams[0].Timeline
	if tl.Len() != 100000000 || len(tl.Runs()) != 1 {
		t.Fatalf("len %d in %d runs", tl.Len(), len(tl.Runs()))
	}
	f, ok := tl.At(99999999)
	if !ok || f.Start != 99999999*20000000 {
		t.Errorf("last fragment %+v", f)
	}
	if !bytes.Contains(m.Marshal(), []byte(`r="100000000"`)) {
		t.Errorf("marshal expanded the run")
	}
}

func fixtureNames(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob("testdata/manifests/*.xml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for i, f := range files {
		files[i] = filepath.Base(f)
	}
	return files
}

// TestParseWarnings: oddities that do not stop playback are warnings naming the line.
func TestParseWarnings(t *testing.T) {
	doc := func(url, levels string) string {
		return `<SmoothStreamingMedia MajorVersion="2" MinorVersion="0" Duration="100">
<StreamIndex Type="video" Url="` + url + `">
` + levels + `
<c t="0" d="100"/></StreamIndex></SmoothStreamingMedia>`
	}
	const plain = "Q({bitrate})/F(video={start time})"
	const byAttrs = "Q({bitrate},{CustomAttributes})/F(video={start time})"
	lvl := func(i, rate, attr string) string {
		ca := ""
		if attr != "" {
			ca = `<CustomAttributes><Attribute Name="hw" Value="` + attr + `"/></CustomAttributes>`
		}
		return `<QualityLevel Index="` + i + `" Bitrate="` + rate + `" FourCC="H264">` + ca + `</QualityLevel>`
	}
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"distinct bitrates", doc(plain, lvl("0", "300000", "")+"\n"+lvl("1", "600000", "")), nil},
		// QA U5: a repeated Bitrate makes two levels share their fragment URLs.
		{"duplicate bitrate", doc(plain, lvl("0", "300000", "")+"\n"+lvl("1", "300000", "")),
			[]string{`line 4: QualityLevel Bitrate 300000 is used twice in StreamIndex "video" (first at line 3) and the fragment URLs cannot tell the two apart`}},
		{"duplicate told apart by attributes", doc(byAttrs, lvl("0", "300000", "a")+"\n"+lvl("1", "300000", "b")), nil},
		{"duplicate with the same attributes", doc(byAttrs, lvl("0", "300000", "a")+"\n"+lvl("1", "300000", "a")), []string{"Bitrate 300000 is used twice"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ParseManifestBytes([]byte(tc.doc), "x.ismc")
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Warnings) != len(tc.want) {
				t.Fatalf("warnings %q, want %d", m.Warnings, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.Contains(m.Warnings[i], w) {
					t.Errorf("warning %q, want %q", m.Warnings[i], w)
				}
			}
		})
	}
}
