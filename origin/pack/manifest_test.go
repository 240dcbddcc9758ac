package pack

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"testing"
)

func TestTimelineRuns(t *testing.T) {
	frags := []fragmentInfo{
		{Time: 100, Duration: 20}, {Time: 120, Duration: 20}, {Time: 140, Duration: 20},
		{Time: 160, Duration: 15}, // different duration: new c without t
		{Time: 200, Duration: 20}, // gap: explicit t
		{Time: 220, Duration: 20},
	}
	got := timelineRuns(frags)
	type c struct {
		t int64 // -1 = absent
		d uint64
		r int
	}
	want := []c{{100, 20, 3}, {-1, 15, 0}, {200, 20, 2}}
	if len(got) != len(want) {
		t.Fatalf("got %d c elements, want %d", len(got), len(want))
	}
	for i, w := range want {
		gt := int64(-1)
		if got[i].T != nil {
			gt = int64(*got[i].T)
		}
		if gt != w.t || got[i].D != w.d || got[i].R != w.r {
			t.Errorf("c[%d] = t %d d %d r %d, want %+v", i, gt, got[i].D, got[i].R, w)
		}
	}
}

func TestWriteManifestsRoundTrip(t *testing.T) {
	p := presentation{Name: "x", Timescale: 10_000_000, Duration: 40_213_333, Streams: []stream{
		{Type: "video", Fragments: []fragmentInfo{{Time: 213333, Duration: 20_000_000}, {Time: 20_213_333, Duration: 20_000_000}},
			Levels: []level{
				{File: "x_320x180_300k.ismv", Bitrate: 300_000, FourCC: "H264", CodecPrivateData: []byte{0, 0, 0, 1, 0x67, 0, 0, 0, 1, 0x68}, Width: 320, Height: 180},
				{File: "x_640x360_1000k.ismv", Bitrate: 1_000_000, FourCC: "H264", CodecPrivateData: []byte{0, 0, 0, 1, 0x67}, Width: 640, Height: 360},
			}},
		{Type: "audio", Fragments: []fragmentInfo{{Time: 0, Duration: 20_266_667}},
			Levels: []level{{File: "x_audio_128k.isma", Bitrate: 128_000, FourCC: "AACL", CodecPrivateData: []byte{0x11, 0x90}, SampleRate: 48000, Channels: 2}}},
	}}
	dir := t.TempDir()
	if err := writeManifests(dir, p); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "x.ismc"))
	if err != nil {
		t.Fatal(err)
	}
	var m xmlSmoothStreamingMedia
	if err := xml.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.MajorVersion != 2 || m.MinorVersion != 2 || m.Duration != p.Duration || len(m.Streams) != 2 {
		t.Fatalf("root %+v", m)
	}
	v, a := m.Streams[0], m.Streams[1]
	if v.MaxWidth != 640 || v.MaxHeight != 360 || len(v.Levels) != 2 || v.Levels[0].CodecPrivateData != "00000001670000000168" ||
		len(v.Chunks2) != 1 || v.Chunks2[0].T == nil || *v.Chunks2[0].T != 213333 || v.Chunks2[0].R != 2 {
		t.Errorf("video stream %+v", v)
	}
	if a.Levels[0].AudioTag != 255 || a.Levels[0].SamplingRate != 48000 || a.Levels[0].CodecPrivateData != "1190" || a.Chunks != 1 {
		t.Errorf("audio stream %+v", a)
	}

	b, err = os.ReadFile(filepath.Join(dir, "x.ism"))
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Meta []xmlMeta `xml:"head>meta"`
		Refs []struct {
			XMLName xml.Name
			Src     string `xml:"src,attr"`
			Rate    int64  `xml:"systemBitrate,attr"`
		} `xml:",any"`
	}
	// Unmarshal cannot take any element at a path, so read the switch element alone.
	var smil struct {
		Meta   []xmlMeta `xml:"head>meta"`
		Switch struct {
			Inner []byte `xml:",innerxml"`
		} `xml:"body>switch"`
	}
	if err := xml.Unmarshal(b, &smil); err != nil {
		t.Fatal(err)
	}
	s.Meta = smil.Meta
	if err := xml.Unmarshal(append(append([]byte("<switch>"), smil.Switch.Inner...), "</switch>"...), &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Meta) != 1 || s.Meta[0].Content != "x.ismc" || len(s.Refs) != 3 ||
		s.Refs[2].XMLName.Local != "audio" || s.Refs[1].Src != "x_640x360_1000k.ismv" || s.Refs[1].Rate != 1_000_000 {
		t.Errorf("server manifest %+v", s)
	}
}
