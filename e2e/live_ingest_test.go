package e2e

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/internal/syncbuf"
)

// The FFmpeg push: 2 s fragments (a keyframe every 50 frames at 25 fps), and the
// origin's default tfrf lookahead of 2.
const (
	pushFragment  = 2 * time.Second
	pushLookahead = 2
)

// ingestRun is one FFmpeg push to `smoothie serve --ingest`, played to its end by
// `smoothie play --headless` from when the publishing point has a manifest.
type ingestRun struct {
	o         *origin
	archive   string
	samples   []liveSample
	out       string
	err       error
	stats     []byte
	pushStart time.Time // the first pushed byte at the origin: media time 0 left the encoder
	encOut    string
	encErr    error
}

// runIngest pushes push seconds of testsrc2 + sine with `ffmpeg -re` through a proxy
// that notes when the push starts, and plays the publishing point with playArgs.
func runIngest(tb testing.TB, push time.Duration, playArgs ...string) ingestRun {
	tb.Helper()
	r := ingestRun{archive: tb.TempDir()}
	r.o = startServe(tb, "--ingest", "--archive", r.archive, "--dvr", "30s", "--access-log", "", tb.TempDir())
	proxy := startPushProxy(tb, strings.TrimPrefix(r.o.URL, "http://"))
	ctx, cancel := context.WithTimeout(context.Background(), push+90*time.Second)
	defer cancel()
	encDone, encOut := startPush(ctx, tb, "http://"+proxy.Addr+"/cam.isml/Streams(cam1)", push)
	waitLiveManifest(tb, r.o, "/cam.isml/Manifest", encOut)
	statsFile := filepath.Join(tb.TempDir(), "stats.jsonl")
	args := append([]string{"--audio", "none", "--stats-json", statsFile}, playArgs...)
	r.samples, r.out, r.err = playLive(ctx, tb, r.o.URL+"/cam.isml/Manifest", args...)
	r.stats, _ = os.ReadFile(statsFile)
	r.encErr, r.encOut, r.pushStart = <-encDone, encOut.String(), proxy.First()
	return r
}

// startPush starts `ffmpeg -re` pushing push seconds of testsrc2 (320x180, 25 fps, a
// keyframe every pushFragment) and a sine to an ingest URL; done gives its exit.
func startPush(ctx context.Context, tb testing.TB, url string, push time.Duration) (<-chan error, *syncbuf.Buffer) {
	tb.Helper()
	enc := exec.CommandContext(ctx, "ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
		"-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
		"-t", strconv.FormatFloat(push.Seconds(), 'f', -1, 64), "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0",
		"-b:v", "300k", "-c:a", "aac", "-b:a", "64k", "-movflags", "isml+frag_keyframe", "-f", "ismv", url)
	encOut := &syncbuf.Buffer{}
	enc.Stdout, enc.Stderr = encOut, encOut
	if err := enc.Start(); err != nil {
		tb.Fatalf("ffmpeg (installed by make deps): %v", err)
	}
	encDone := make(chan error, 1)
	go func() { encDone <- enc.Wait() }()
	return encDone, encOut
}

// waitLiveManifest waits until the publishing point at path has a manifest.
func waitLiveManifest(tb testing.TB, o *origin, path string, encOut *syncbuf.Buffer) {
	tb.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		resp, err := http.Get(o.URL + path)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		if time.Now().After(deadline) {
			tb.Fatalf("no live manifest; ffmpeg: %s; origin: %s", encOut.String(), o.Stderr.String())
		}
	}
}

// glassToGlass is, per sample taken while playing, the wall time of the sample less
// the wall time the encoder captured the media being presented (the push's start plus
// the media time: `ffmpeg -re` paces its input in real time from 0).
func (r ingestRun) glassToGlass() []time.Duration {
	var g []time.Duration
	for _, s := range playing(r.samples, 0) {
		g = append(g, s.wall.Sub(r.pushStart.Add(s.media)))
	}
	return g
}

// TestLiveIngestPlay: FFmpeg pushes a live stream to `smoothie serve --ingest` for 24 s
// while `smoothie play --headless --live-latency 6s` plays the publishing point to the
// end of the push: it plays without an error and without stalling after its start,
// within the target latency + one fragment of the edge, and stops cleanly when the
// broadcast turns VOD; afterwards the archive serves as VOD and `smoothie inspect
// --check` finds nothing off.
func TestLiveIngestPlay(t *testing.T) {
	const push = 24 * time.Second
	target := (pushLookahead + 1) * pushFragment
	r := runIngest(t, push, "--live-latency", target.String())
	if r.err != nil {
		t.Fatalf("smoothie play: %v\n%s", r.err, r.out)
	}
	if r.encErr != nil {
		t.Fatalf("ffmpeg push: %v\n%s", r.encErr, r.encOut)
	}
	summary := regexp.MustCompile(`\{"type":"summary".*`).Find(r.stats)
	played := regexp.MustCompile(`"played_s":([0-9.]+)`).FindSubmatch(summary)
	if summary == nil || played == nil || !regexp.MustCompile(`"errors":0\b`).Match(summary) || regexp.MustCompile(`"frames_decoded":0\b`).Match(summary) ||
		!regexp.MustCompile(`"stalls":0\b`).Match(summary) || seconds(played[1]) < push/2 {
		t.Errorf("live play summary %s\noutput:\n%s", summary, r.out)
	}
	if !strings.Contains(string(r.stats), `"type":"manifest","live":false`) {
		t.Errorf("the player did not see the broadcast end (no VOD manifest line):\n%s", r.stats)
	}
	// Latency to the live edge stays within the target plus one fragment.
	live := playing(r.samples, 0)
	if len(live) < 8 {
		t.Errorf("%d live status lines while playing:\n%s", len(live), r.out)
	}
	for _, s := range live {
		if s.target != target || s.latency > target+pushFragment || s.skips != 0 {
			t.Errorf("live latency %v, target %v, %d skips: over the target + one fragment (%v):\n%s", s.latency, s.target, s.skips, target+pushFragment, r.out)
			break
		}
	}
	t.Logf("summary %s", summary)
	g := r.glassToGlass()
	t.Logf("glass-to-glass %v mean over %d samples; floor (fragment × lookahead) %v", mean(g).Round(time.Millisecond), len(g), pushFragment*pushLookahead)
	// The archive serves as VOD and checks clean.
	if _, err := os.Stat(filepath.Join(r.archive, "cam", "cam.ism")); err != nil {
		t.Fatalf("archive: %v; origin: %s", err, r.o.Stderr.String())
	}
	chk := exec.Command(smoothie, "inspect", "--check", r.o.URL+"/cam/cam.ism/Manifest")
	if b, err := chk.CombinedOutput(); err != nil {
		t.Errorf("inspect --check on the archive: %v\n%s", err, b)
	}
}
