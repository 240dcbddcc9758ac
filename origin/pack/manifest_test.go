package pack

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

func TestWriteManifestsRoundTrip(t *testing.T) {
	p := presentation{Name: "x", Timescale: 10_000_000, Duration: 40_213_333, Streams: []stream{
		{Type: "video", Fragments: []fragmentInfo{{Time: 213333, Duration: 20_000_000}, {Time: 20_213_333, Duration: 20_000_000}},
			Levels: []level{
				{File: "x_320x180_300k.ismv", Bitrate: 300_000, FourCC: "H264", CodecPrivateData: []byte{0, 0, 0, 1, 0x67, 0, 0, 0, 1, 0x68}, Width: 320, Height: 180},
				{File: "x_640x360_1000k.ismv", Bitrate: 1_000_000, FourCC: "H264", CodecPrivateData: []byte{0, 0, 0, 1, 0x67}, Width: 640, Height: 360},
			}},
		{Type: "audio", Fragments: []fragmentInfo{{Time: 0, Duration: 20_266_667}},
			Levels: []level{{File: "x_audio_128k.isma", Bitrate: 128_000, FourCC: "AACL", CodecPrivateData: []byte{0x11, 0x90}, SampleRate: 48000, Channels: 2,
				BitsPerSample: 16, PacketSize: 4, AudioTag: smooth.AudioTagAAC}}},
	}}
	dir := t.TempDir()
	if err := writeManifests(dir, p); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "x.ismc"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := smooth.ParseManifestBytes(b, "x.ismc")
	if err != nil {
		t.Fatal(err)
	}
	if m.MajorVersion != 2 || m.MinorVersion != 2 || m.Duration != p.Duration || len(m.Streams) != 2 {
		t.Fatalf("root %+v", m)
	}
	v, a := m.Streams[0], m.Streams[1]
	if v.MaxWidth != 640 || v.MaxHeight != 360 || len(v.Levels) != 2 || v.Levels[0].CodecPrivateData != "00000001670000000168" ||
		v.Timeline.Len() != 2 || v.Timeline.Start() != 213333 || len(v.Timeline.Runs()) != 1 {
		t.Errorf("video stream %+v", v)
	}
	// The c elements: an explicit t on the first, one run with r.
	if !strings.Contains(string(b), `<c t="213333" d="20000000" r="2"/>`) {
		t.Errorf("video timeline not coded as one run with t:\n%s", b)
	}
	if a.Levels[0].AudioTag != 255 || a.Levels[0].SamplingRate != 48000 || a.Levels[0].CodecPrivateData != "1190" || a.Chunks != 1 {
		t.Errorf("audio stream %+v", a)
	}
	b, err = os.ReadFile(filepath.Join(dir, "x.ism"))
	if err != nil {
		t.Fatal(err)
	}
	sm, err := smooth.ParseServerManifest(strings.NewReader(string(b)), "x.ism")
	if err != nil {
		t.Fatal(err)
	}
	if sm.ClientManifestPath() != "x.ismc" || len(sm.Tracks) != 3 || sm.Tracks[2].Kind != media.KindAudio ||
		sm.Tracks[1].Src != "x_640x360_1000k.ismv" || sm.Tracks[1].SystemBitrate != 1_000_000 || sm.Tracks[0].TrackID() != 1 {
		t.Errorf("server manifest %+v", sm)
	}
}
