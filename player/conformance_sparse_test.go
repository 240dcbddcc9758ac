package player

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// spliceInsert is the SCTE 35 standard's sample 14.2 (a splice_insert).
const spliceInsert = "/DAvAAAAAAAA///wFAVIAACPf+/+c2nALv4AUsz1AAAAAAAKAAhDVUVJAAABNWLbowo="

// sparseOrigin serves a manifest and, for each Fragments(NAME=T) request, a
// fragment of the stream named in the URL template holding one sample as long as
// the manifest's fragment: for audio and video a sample the null decoders play, for
// a sparse stream its payload (a chapter title, a script command, a SCTE-35
// section). With hang, sparse requests never answer (until the request is
// cancelled): the media must play regardless.
type sparseOrigin struct {
	manifest []byte
	man      *smooth.Manifest
	hang     bool
	fail     map[string]int // a status to answer each fragment request of a stream with
	mu       sync.Mutex
	asked    map[string]int // fragment requests per stream name in the URL
}

func newSparseOrigin(t *testing.T, raw []byte, hang bool) *sparseOrigin {
	m, err := smooth.ParseManifestBytes(raw, "manifest")
	if err != nil {
		t.Fatal(err)
	}
	return &sparseOrigin{manifest: raw, man: m, hang: hang, asked: map[string]int{}}
}

func (o *sparseOrigin) RoundTrip(r *http.Request) (*http.Response, error) {
	resp := &http.Response{StatusCode: 200, Header: http.Header{}, Request: r, ContentLength: -1}
	if strings.HasSuffix(r.URL.Path, "/Manifest") {
		resp.Body = io.NopCloser(bytes.NewReader(o.manifest))
		return resp, nil
	}
	m := fragmentRequest.FindStringSubmatch(r.URL.Path)
	var si *smooth.StreamIndex
	if m != nil {
		for _, s := range o.man.Streams {
			if strings.Contains(s.URL, "Fragments("+m[1]+"=") {
				si = s
			}
		}
	}
	if si == nil {
		resp.StatusCode, resp.Body = 404, io.NopCloser(strings.NewReader("not found"))
		return resp, nil
	}
	o.mu.Lock()
	o.asked[m[1]]++
	code := o.fail[m[1]]
	o.mu.Unlock()
	if code != 0 {
		resp.StatusCode, resp.Body = code, io.NopCloser(strings.NewReader(http.StatusText(code)))
		return resp, nil
	}
	t, _ := strconv.ParseUint(m[2], 10, 64)
	data := []byte{0, 0, 0, 1, 0x65}
	if si.Type == media.KindText {
		if o.hang {
			<-r.Context().Done()
			return nil, r.Context().Err()
		}
		switch strings.ToUpper(si.Subtype) {
		case "CHAP":
			data = []byte("Chapter at " + m[2])
		case "DATA":
			data, _ = base64.StdEncoding.DecodeString(spliceInsert)
		default:
			data = []byte("command at " + m[2])
		}
	}
	d := uint64(si.TimeScale)
	if f, ok := si.Timeline.Find(t); ok {
		d = f.Duration
	}
	frag := &smooth.MediaFragment{Sequence: 1, TrackID: 1, Time: t, Duration: d, HasTfxd: true, HasData: true,
		Samples: []media.Sample{{Time: t, Duration: uint32(d), Timescale: si.TimeScale, Keyframe: true, Data: data}}}
	b, err := frag.Marshal(1)
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}

// playSparse plays cfg with the null decoders until it ends (Config.PlayFor) and
// returns the session and the cue events it made; before runs just before Run.
func playSparse(t *testing.T, cfg Config, before func()) (*Session, []CueEvent) {
	t.Helper()
	NullDecoders(&cfg)
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	events, stop := s.Subscribe(1024)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if before != nil {
		before()
	}
	if err := s.Run(ctx); err != nil {
		t.Fatal(err)
	}
	var cues []CueEvent
	for len(events) > 0 {
		if c, ok := (<-events).(CueEvent); ok {
			cues = append(cues, c)
		}
	}
	return s, cues
}

// sparseManifests are the conformance manifests with sparse streams (text streams
// that are not subtitles) and ours in testdata/sparse, which have the kinds the
// conformance files lack (a Url, inline SCTE-35).
func sparseManifests(t *testing.T) []string {
	conf, _ := filepath.Glob(filepath.Join("..", "..", "shared", "conformance", "manifests", "*"))
	ours, _ := filepath.Glob(filepath.Join("testdata", "sparse", "*.ismc"))
	var out []string
	for _, p := range append(conf, ours...) {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		m, err := smooth.ParseManifestBytes(raw, p)
		if err != nil || m.IsLive {
			continue
		}
		for _, si := range m.Streams {
			if isSparse(TrackInfo{Kind: si.Type, Subtype: si.Subtype}) {
				out = append(out, p)
				break
			}
		}
	}
	if len(out) < 2 {
		t.Fatalf("%d manifests with sparse streams, want the conformance one and ours", len(out))
	}
	return out
}

// TestConformanceSparsePlay: every manifest with sparse streams plays (null
// decoders, over an in-memory origin) with each sparse stream listed in
// Stats.Sparse, read when it has a Url or inline payloads (fragments requested,
// marks counted) and said why not when it has neither; when the origin never
// answers the sparse requests, audio and video play just the same, without a
// stall.
func TestConformanceSparsePlay(t *testing.T) {
	for _, p := range sparseManifests(t) {
		raw, _ := os.ReadFile(p)
		for _, hang := range []bool{false, true} {
			name := filepath.Base(p)
			if hang {
				name += "/hang"
			}
			t.Run(name, func(t *testing.T) {
				o := newSparseOrigin(t, raw, hang)
				cfg := Config{URL: "http://conformance.test/p.ism/Manifest", Transport: o, PlayFor: 1500 * time.Millisecond,
					FirstByteTimeout: 300 * time.Millisecond, Retries: 1}
				var t0 time.Time
				s, _ := playSparse(t, cfg, func() { t0 = time.Now() })
				took := time.Since(t0)
				st := s.Stats()
				want := 0
				for _, si := range o.man.Streams {
					if !isSparse(TrackInfo{Kind: si.Type, Subtype: si.Subtype}) {
						continue
					}
					want++
					if len(st.Sparse) < want {
						t.Errorf("sparse stream %q (%s) not listed: %+v", si.Name, si.Subtype, st.Sparse)
						continue
					}
					e := st.Sparse[want-1] // listed in the manifest's order
					if e.Name != si.Name || e.Subtype != si.Subtype {
						t.Errorf("sparse stream %d listed as %q %s, the manifest has %q %s", want, e.Name, e.Subtype, si.Name, si.Subtype)
					}
					inline := si.Inline() > 0
					t.Logf("%s %q kind %s: scheduled %v inline %v, %d marks, %d requests, err %q", si.Subtype, si.Name, e.Kind, e.Scheduled, e.Inline, e.Marks, o.asked[si.Name], e.Err)
					fetchable := (si.URL != "" || inline) && si.Timeline.Len() > 0 && len(si.Levels) > 0
					if e.Scheduled != fetchable || !fetchable && e.Err == "" && len(si.Content) == 0 {
						t.Errorf("%q: scheduled %v (%q), want %v", si.Name, e.Scheduled, e.Err, fetchable)
					}
					if e.Markers != len(si.Content) {
						t.Errorf("%q: %d markers listed, the manifest has %d", si.Name, e.Markers, len(si.Content))
					}
					switch {
					case inline && o.asked[si.Name] > 0:
						t.Errorf("%q: its payloads are in the manifest, yet it was requested %d times", si.Name, o.asked[si.Name])
					case fetchable && !inline && o.asked[si.Name] == 0:
						t.Errorf("%q: scheduled, never requested", si.Name)
					case fetchable && (!hang || inline) && e.Marks == 0:
						t.Errorf("%q: no marks read", si.Name)
					}
				}
				if want == 0 || len(st.Sparse) != want {
					t.Errorf("Stats.Sparse %+v, want the %d sparse streams", st.Sparse, want)
				}
				if st.Played < cfg.PlayFor || st.Stalls != 0 || took > cfg.PlayFor+3*time.Second {
					t.Errorf("played %v of %v in %v with %d stalls: the media waited for the sparse streams", st.Played, cfg.PlayFor, took, st.Stalls)
				}
			})
		}
	}
}
