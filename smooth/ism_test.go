package smooth

import (
	"reflect"
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/media"
)

func TestServerManifestRoundTrip(t *testing.T) {
	m := &ServerManifest{
		Meta: []Attribute{{"clientManifestRelativePath", "demo.ismc"}},
		Tracks: []ServerTrack{
			{Kind: media.KindVideo, Src: "demo_300k.ismv", SystemBitrate: 300000, Params: []Attribute{{"trackID", "1"}, {"trackName", "video"}}},
			{Kind: media.KindAudio, Src: "demo.isma", SystemBitrate: 128000, SystemLanguage: "eng", Params: []Attribute{{"trackID", "1"}, {"trackName", "audio"}}},
			{Kind: media.KindText, Src: "demo.ismt", Params: []Attribute{{"trackID", "3"}}},
		},
	}
	got, err := ParseServerManifest(strings.NewReader(string(m.Marshal())), "demo.ism")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Fatalf("round trip:\n%+v\n%+v", got, m)
	}
	if got.ClientManifestPath() != "demo.ismc" || got.Tracks[0].TrackID() != 1 {
		t.Errorf("accessors: %q %d", got.ClientManifestPath(), got.Tracks[0].TrackID())
	}
}

// An IIS Media Services style document, as Expression Encoder wrote them.
const iisISM = `<?xml version="1.0" encoding="utf-16"?>
<smil xmlns="http://www.w3.org/2001/SMIL20/Language">
  <head>
    <meta name="clientManifestRelativePath" content="BigBuckBunny.ismc" />
  </head>
  <body>
    <switch>
      <video src="BigBuckBunny_2436000.ismv" systemBitrate="2436000">
        <param name="trackID" value="2" valuetype="data" />
      </video>
      <audio src="BigBuckBunny_2436000.ismv" systemBitrate="64000">
        <param name="trackID" value="1" valuetype="data" />
      </audio>
    </switch>
  </body>
</smil>`

func TestServerManifestIIS(t *testing.T) {
	m, err := ParseServerManifest(strings.NewReader(iisISM), "bbb.ism")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Tracks) != 2 || m.Tracks[0].TrackID() != 2 || m.Tracks[1].Kind != media.KindAudio || m.ClientManifestPath() != "BigBuckBunny.ismc" {
		t.Errorf("%+v", m)
	}
}

func TestServerManifestErrors(t *testing.T) {
	for _, doc := range []string{"", "<smil>", "<smil><body><switch/></body></smil>", `<smil><body><switch><video src="a" systemBitrate="x"/></switch></body></smil>`} {
		if _, err := ParseServerManifest(strings.NewReader(doc), "x.ism"); err == nil || !strings.HasPrefix(err.Error(), "x.ism") {
			t.Errorf("%q: err %v", doc, err)
		}
	}
}
