package origin

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/internal/inspect"
	"github.com/smoothie-player/smoothie/smooth"
)

// ffmpegPush runs FFmpeg as a live encoder pushing d of A/V to url in real time (-re);
// `make deps` installs ffmpeg.
func ffmpegPush(ctx context.Context, url string, d time.Duration) *exec.Cmd {
	return exec.CommandContext(ctx, "ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
		"-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
		"-t", strings.TrimSuffix(d.String(), "s"), "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-keyint_min", "50",
		"-sc_threshold", "0", "-b:v", "300k", "-c:a", "aac", "-b:a", "64k", "-movflags", "isml+frag_keyframe", "-f", "ismv", url)
}

func TestIngestFFmpegPush(t *testing.T) {
	archive := t.TempDir()
	_, hs := startOrigin(t, t.TempDir(), Config{Ingest: true, Archive: archive, DVRWindow: 30 * time.Second, Lookahead: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	enc := ffmpegPush(ctx, hs.URL+"/show.isml/Streams(cam1)", 8*time.Second)
	var encErr bytes.Buffer
	enc.Stderr = &encErr
	if err := enc.Start(); err != nil {
		t.Fatalf("ffmpeg (installed by make deps): %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- enc.Wait() }()

	// While the encoder pushes: a live manifest whose fragments are served with tfrf.
	var live *smooth.Manifest
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline) && live == nil; time.Sleep(200 * time.Millisecond) {
		resp, body := get(t, hs.URL+"/show.isml/Manifest")
		if resp.StatusCode == 200 {
			m, err := smooth.ParseManifestBytes(body, "live")
			if err != nil {
				t.Fatal(err)
			}
			if m.IsLive {
				live = m
			}
		}
	}
	if live == nil {
		t.Fatalf("no live manifest while pushing; ffmpeg: %s", encErr.String())
	}
	if len(live.Streams) != 2 || live.LookaheadCount != 1 {
		t.Fatalf("live manifest: %d streams, lookahead %d", len(live.Streams), live.LookaheadCount)
	}
	// Bitrates and names come from the encoder's StreamManifest box.
	if live.Streams[0].Levels[0].Bitrate != 300000 || live.Streams[1].Levels[0].Bitrate != 64000 || live.Streams[1].Name != "audio" {
		t.Errorf("levels: video %d, %s %d", live.Streams[0].Levels[0].Bitrate, live.Streams[1].Name, live.Streams[1].Levels[0].Bitrate)
	}
	for _, s := range live.Streams {
		if _, err := s.CodecConfig(s.Levels[0]); err != nil {
			t.Errorf("%s: %v", s.Name, err)
		}
		f, _ := s.Timeline.Last()
		resp, b := get(t, hs.URL+"/show.isml/"+s.FragmentURL(s.Levels[0], f.Start))
		fr, err := smooth.ParseFragment(b, smooth.FragmentOptions{})
		if resp.StatusCode != 200 || err != nil || fr.Time != f.Start || len(fr.Lookahead) != 1 {
			t.Errorf("%s edge fragment at %d: %s %v, tfrf %v", s.Name, f.Start, resp.Status, err, fr)
		}
		// FragmentInfo: the same moof alone; a tick off the start: the same fragment.
		infoURL := strings.Replace(s.FragmentURL(s.Levels[0], f.Start), "/Fragments(", "/FragmentInfo(", 1)
		resp, info := get(t, hs.URL+"/show.isml/"+infoURL)
		fi, err := smooth.ParseFragment(info, smooth.FragmentOptions{})
		if resp.StatusCode != 200 || err != nil || fi.HasData || fi.Time != f.Start || len(fi.Lookahead) != 1 || !bytes.HasPrefix(b, info) {
			t.Errorf("%s FragmentInfo at %d: %s %v, %v", s.Name, f.Start, resp.Status, err, fi)
		}
		resp, near := get(t, hs.URL+"/show.isml/"+s.FragmentURL(s.Levels[0], f.Start+1))
		if resp.StatusCode != 200 || !bytes.Equal(near, b) {
			t.Errorf("%s fragment asked a tick after %d: %s", s.Name, f.Start, resp.Status)
		}
		// Far past the newest fragment: not yet available.
		resp, b = get(t, hs.URL+"/show.isml/"+s.FragmentURL(s.Levels[0], f.Start+100*f.Duration))
		if resp.StatusCode != http.StatusPreconditionFailed || len(b) != 0 {
			t.Errorf("%s future fragment: %s", s.Name, resp.Status)
		}
	}
	// A second encoder on the same stream is refused while the first pushes.
	resp, err := http.Post(hs.URL+"/show.isml/Streams(cam1)", "video/mp4", strings.NewReader("x"))
	if err != nil || resp.StatusCode != http.StatusConflict {
		t.Errorf("second encoder: %v %v", resp, err)
	}

	if err := <-done; err != nil {
		t.Fatalf("ffmpeg push: %v\n%s", err, encErr.String())
	}
	// The end of the push turns the publishing point into VOD.
	resp, body := get(t, hs.URL+"/show.isml/Manifest")
	vod, err := smooth.ParseManifestBytes(body, "ended")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("after the push: %s %v", resp.Status, err)
	}
	if vod.IsLive || vod.Duration < 6*smooth.DefaultTimeScale {
		t.Errorf("after the push: live %v duration %d", vod.IsLive, vod.Duration)
	}
	// The archive serves as VOD and checks clean.
	if _, err := os.Stat(filepath.Join(archive, "show", "show.ism")); err != nil {
		t.Fatalf("archive: %v", err)
	}
	u := hs.URL + "/show/show.ism/Manifest"
	resp, body = get(t, u)
	m, err := smooth.ParseManifestBytes(body, u)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("archived manifest: %s %v", resp.Status, err)
	}
	base, _ := http.NewRequest(http.MethodGet, u, nil)
	r := inspect.Check(context.Background(), m, base.URL, func(ctx context.Context, u string) ([]byte, error) {
		resp, b := get(t, u)
		if resp.StatusCode != 200 {
			return nil, &httpStatusError{resp.Status}
		}
		return b, nil
	}, inspect.CheckOptions{})
	if len(r.Problems) > 0 || r.Checked < 6 {
		t.Errorf("archive check: %d fragments checked, problems %+v", r.Checked, r.Problems)
	}
}

type httpStatusError struct{ status string }

func (e *httpStatusError) Error() string { return e.status }

func TestIngestRefusals(t *testing.T) {
	s, hs := startOrigin(t, t.TempDir(), Config{Ingest: true, Archive: t.TempDir(), IngestToken: "s3cret",
		IngestAllow: []netip.Prefix{netip.MustParsePrefix("192.0.2.0/24")}})
	post := func(path, auth string, body []byte) int {
		req, _ := http.NewRequest(http.MethodPost, hs.URL+path, bytes.NewReader(body))
		if auth != "" {
			req.Header.Set("Authorization", "Bearer "+auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	moof := readFragmentFile(t)
	if c := post("/x.isml/Streams(a)", "", moof); c != http.StatusUnauthorized {
		t.Errorf("no token: %d", c)
	}
	if c := post("/x.isml/Streams(a)", "wrong", moof); c != http.StatusForbidden {
		t.Errorf("wrong token: %d", c)
	}
	if c := post("/x.isml/Streams(a)?token=s3cret", "", []byte("garbage that is not mp4 at all")); c != http.StatusBadRequest {
		t.Errorf("garbage: %d", c)
	}
	if c := post("/x.isml/Streams(b)", "s3cret", moof); c != http.StatusBadRequest {
		t.Errorf("moof before moov: %d", c)
	}
	if c := post("/x.ism/Streams(b)", "s3cret", moof); c != http.StatusBadRequest {
		t.Errorf("ingest to .ism: %d", c)
	}
	// Nothing half-written is served.
	if resp, _ := get(t, hs.URL+"/x.isml/Manifest"); resp.StatusCode == 200 {
		t.Errorf("a refused push produced a manifest")
	}
	// From outside loopback and the allowed range: 403, whatever the token.
	for addr, want := range map[string]int{"10.1.2.3:5000": http.StatusForbidden, "192.0.2.7:5000": 0, "[::1]:5000": 0} {
		r := httptest.NewRequest(http.MethodPost, "/x.isml/Streams(a)?token=s3cret", nil)
		r.RemoteAddr = addr
		if code, _ := s.allowedIngest(r); code != want {
			t.Errorf("from %s: %d, want %d", addr, code, want)
		}
	}
	// Ingest off: 501.
	_, off := startOrigin(t, t.TempDir(), Config{})
	req, _ := http.NewRequest(http.MethodPost, off.URL+"/x.isml/Streams(a)", bytes.NewReader(moof))
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusNotImplemented {
		t.Errorf("ingest off: %v %v", resp, err)
	}
}

func readFragmentFile(t *testing.T) []byte {
	b, err := os.ReadFile("../smooth/testdata/fragments/dashjs__mss_moof.mp4")
	if err != nil {
		t.Fatal(err)
	}
	return b
}
