package player

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// quietHost is a SourceHost for a source on its own.
type quietHost struct{}

func (quietHost) Clock() Clock          { return SystemClock{} }
func (quietHost) Logf(string, ...any)   {}
func (quietHost) Errorf(string, ...any) {}
func (quietHost) Ended(time.Duration)   {}

// textFragments serves a manifest file and, for any Fragments(NAME=T) request, a
// fragment of one TTML sample with a cue at its start: an in-memory origin for
// the conformance manifests, whose media we do not have.
type textFragments struct {
	manifest []byte
	asked    map[string]int // fragment requests per stream name
}

var fragmentRequest = regexp.MustCompile(`Fragments\(([^=]+)=(\d+)\)`)

func (f *textFragments) RoundTrip(r *http.Request) (*http.Response, error) {
	resp := &http.Response{StatusCode: 200, Header: http.Header{}, Request: r, ContentLength: -1}
	if strings.HasSuffix(r.URL.Path, "/Manifest") || strings.HasSuffix(r.URL.Path, ".xml") {
		resp.Body = io.NopCloser(bytes.NewReader(f.manifest))
		return resp, nil
	}
	m := fragmentRequest.FindStringSubmatch(r.URL.Path)
	if m == nil {
		resp.StatusCode, resp.Body = 404, io.NopCloser(strings.NewReader("not found"))
		return resp, nil
	}
	f.asked[m[1]]++
	t, _ := strconv.ParseUint(m[2], 10, 64)
	doc := `<tt xmlns="http://www.w3.org/ns/ttml"><body><div><p begin="0s" end="1s">cue of ` + m[1] + `</p></div></body></tt>`
	frag := &smooth.MediaFragment{Sequence: 1, TrackID: 1, Time: t, Duration: 10_000_000, HasTfxd: true, HasData: true,
		Samples: []media.Sample{{Time: t, Duration: 10_000_000, Timescale: 10_000_000, Keyframe: true, Data: []byte(doc)}}}
	b, err := frag.Marshal(1)
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}

// TestConformanceTextStreams: every conformance manifest with text or sparse
// streams opens with those tracks listed (kind, Subtype, language); each text
// stream with a Url and fragments loads its first fragment through the Smooth
// source and reads to a cue, and one without a Url or fragments says why it is
// not fetched instead.
func TestConformanceTextStreams(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "shared", "conformance", "manifests", "*"))
	tested := 0
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(bytes.ToLower(raw), []byte(`type="text"`)) {
			continue
		}
		tested++
		t.Run(filepath.Base(p), func(t *testing.T) {
			tr := &textFragments{manifest: raw, asked: map[string]int{}}
			cfg := Config{URL: "http://conformance.test/p.ism/Manifest", Transport: tr, Clock: SystemClock{}}
			cfg.defaults()
			u, _ := url.Parse(cfg.URL)
			src := newSmoothSource(&cfg, u)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			pres, err := src.Open(ctx, quietHost{})
			if err != nil {
				t.Fatal(err)
			}
			texts := 0
			for _, st := range pres.Tracks {
				in := st.Info()
				if in.Kind != media.KindText {
					continue
				}
				texts++
				ss := st.(*smoothTrack)
				t.Logf("text %q Subtype %q lang %q: %d fragments, Url %q, err %v", in.Name, in.Subtype, in.Language, ss.si.Timeline.Len(), ss.si.URL, in.Err)
				if in.Subtype != ss.si.Subtype || in.Language != ss.si.Language {
					t.Errorf("%q listed as Subtype %q lang %q, the manifest says %q %q", in.Name, in.Subtype, in.Language, ss.si.Subtype, ss.si.Language)
				}
				switch {
				case ss.si.URL == "":
					// Not scheduled: nothing to fetch (SCMD and CHAP streams of IIS's
					// sample carry no levels either).
					if in.Err == nil || !strings.Contains(in.Err.Error(), "no Url") && !strings.Contains(in.Err.Error(), "no quality levels") {
						t.Errorf("%q has no Url: err %v, want it to say why it is not fetched", in.Name, in.Err)
					}
					continue
				case ss.si.Timeline.Len() == 0:
					if in.Err == nil {
						t.Errorf("%q has no fragments and no error", in.Name)
					}
					continue
				case in.Err != nil:
					t.Errorf("%q: %v", in.Name, in.Err)
					continue
				}
				c, ok := st.Locate(ss.rel(ss.si.Timeline.Start()))
				if !ok {
					t.Fatalf("%q: no first fragment", in.Name)
				}
				res, err := st.Load(ctx, LoadRequest{Chunk: c, Level: 0})
				if err != nil || len(res.Samples) != 1 {
					t.Fatalf("%q: load %v (%d samples)", in.Name, err, len(res.Samples))
				}
				at := smooth.Seconds(res.Samples[0].Time, res.Samples[0].Timescale)
				cues, err := parseTextSample(res.Samples[0].Data, at, time.Second, 0)
				if err != nil || len(cues) != 1 || cues[0].Text() != "cue of "+ss.si.Name {
					t.Errorf("%q: cues %v, %v", in.Name, cues, err)
				}
			}
			if texts == 0 {
				t.Errorf("the manifest has text streams; none was listed")
			}
		})
	}
	if tested < 4 {
		t.Fatalf("%d conformance manifests with text streams found, want the 4 of ../shared/conformance", tested)
	}
}
