package inspect

import (
	"bytes"
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// sparseManifest has a chapter stream over its Url, a SCTE-35 stream inline (the
// SCTE 35 standard's sample 14.2, then a payload that is not a section) and a
// script command stream without a Url.
const sparseManifest = `<?xml version="1.0" encoding="utf-8"?>
<SmoothStreamingMedia MajorVersion="2" MinorVersion="2" Duration="40000000">
<StreamIndex Type="text" Name="chapters" Subtype="CHAP" ParentStreamIndex="video" QualityLevels="1" Url="QualityLevels({bitrate})/Fragments(chapters={start time})">
<QualityLevel Index="0" Bitrate="0" FourCC="" />
<c t="0" d="20000000" /><c t="20000000" d="20000000" />
</StreamIndex>
<StreamIndex Type="text" Name="scte35" Subtype="DATA" ParentStreamIndex="video" ManifestOutput="true" QualityLevels="1">
<QualityLevel Index="0" Bitrate="0" FourCC=""><CustomAttributes><Attribute Name="Scheme" Value="urn:scte:scte35:2013:bin" /></CustomAttributes></QualityLevel>
<c t="10000000" d="10000000"><f>/DAvAAAAAAAA///wFAVIAACPf+/+c2nALv4AUsz1AAAAAAAKAAhDVUVJAAABNWLbowo=</f></c>
<c t="30000000" d="10000000"><f>bm90IGEgc2VjdGlvbg==</f></c>
</StreamIndex>
<StreamIndex Type="text" Name="commands" Subtype="SCMD" QualityLevels="1">
<QualityLevel Index="0" Bitrate="0" FourCC="" />
<c t="0" d="10000000" />
</StreamIndex>
</SmoothStreamingMedia>`

var fragURL = regexp.MustCompile(`Fragments\(([^=]+)=(\d+)\)`)

// TestCheckSparse: --check fetches the chapter fragments (the second's sample is
// empty), decodes the inline SCTE-35 payloads without fetching (the second is no
// section), and leaves the stream without a Url alone; the report lists each
// sparse stream with its kind, scheme and inline payloads, its levels without a
// FourCC not an error.
func TestCheckSparse(t *testing.T) {
	m, err := smooth.ParseManifestBytes([]byte(sparseManifest), "sparse.ismc")
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse("http://origin.test/p.ism/Manifest")
	var mu sync.Mutex // Check fetches from several goroutines
	var asked []string
	fetch := func(_ context.Context, u string) ([]byte, error) {
		mu.Lock()
		asked = append(asked, u)
		mu.Unlock()
		g := fragURL.FindStringSubmatch(u)
		at, _ := strconv.ParseUint(g[2], 10, 64)
		data := []byte("Chapter one")
		if at > 0 {
			data = nil
		}
		f := &smooth.MediaFragment{Sequence: 1, TrackID: 1, Time: at, Duration: 20000000, HasTfxd: true, HasData: true,
			Samples: []media.Sample{{Time: at, Duration: 20000000, Timescale: 10000000, Keyframe: true, Data: data}}}
		return f.Marshal(1)
	}
	r := Check(context.Background(), m, base, fetch, CheckOptions{})
	var msgs []string
	for _, p := range r.Problems {
		msgs = append(msgs, p.Stream+" "+strconv.FormatUint(p.Time, 10)+": "+p.Msg)
	}
	t.Logf("%d of %d fragments, %d requests: %q", r.Checked, r.Fragments, len(asked), msgs)
	if len(asked) != 2 || r.Fragments != 4 || r.Checked != 4 || len(msgs) != 2 ||
		!strings.HasPrefix(msgs[0], "chapters 20000000: sample at 20000000: empty chapter sample") ||
		!strings.HasPrefix(msgs[1], "scte35 30000000: inline payload 0: scte35:") {
		t.Errorf("problems %q (%d of %d fragments, %d requests), want the empty chapter and the payload that is no section", msgs, r.Checked, r.Fragments, len(asked))
	}
	var b bytes.Buffer
	if err := WriteManifest(&b, FromManifest(m, "sparse.ismc", base)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"  sparse chapter\n", "  sparse scte35, 2 payloads inline, scheme urn:scte:scte35:2013:bin\n", "  sparse data\n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("no %q in\n%s", want, b.String())
		}
	}
	if strings.Contains(b.String(), "FourCC") {
		t.Errorf("a sparse level without FourCC listed as an error:\n%s", b.String())
	}
}
