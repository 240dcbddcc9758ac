package player_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/origin"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/player/ffdec"
	"github.com/smoothie-player/smoothie/smooth"
)

// clipSeconds is the length of the test presentation: three video levels and AAC audio.
const clipSeconds = 6

var (
	fixtureOnce sync.Once
	fixtureDir  string
	fixtureErr  error
)

// fixture makes (once per test binary) an A/V presentation with FFmpeg: 160x90 at
// 100 kbit/s, 320x180 at 300 kbit/s, 480x270 at 800 kbit/s, 2 s fragments, and
// 64 kbit/s AAC, with an .ism the origin builds the manifest from.
func fixture(t *testing.T) string {
	t.Helper()
	fixtureOnce.Do(func() {
		dir, err := os.MkdirTemp("", "smoothie-player-test-")
		if err != nil {
			fixtureErr = err
			return
		}
		fixtureDir = dir
		x264 := []string{"-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0"}
		args := []string{"-hide_banner", "-loglevel", "error", "-y",
			"-f", "lavfi", "-i", fmt.Sprintf("testsrc2=size=480x270:rate=25:duration=%d", clipSeconds),
			"-f", "lavfi", "-i", fmt.Sprintf("sine=frequency=1000:sample_rate=48000:duration=%d", clipSeconds)}
		for _, l := range []struct{ size, rate, name string }{{"480x270", "800k", "v800"}, {"320x180", "300k", "v300"}, {"160x90", "100k", "v100"}} {
			args = append(args, "-map", "0:v", "-s", l.size)
			args = append(args, x264...)
			args = append(args, "-b:v", l.rate, "-maxrate", l.rate, "-bufsize", l.rate, "-f", "ismv", filepath.Join(dir, l.name+".ismv"))
		}
		args = append(args, "-map", "1:a", "-c:a", "aac", "-b:a", "64k", "-f", "ismv", filepath.Join(dir, "a64.isma"))
		if out, err := exec.Command("ffmpeg", args...).CombinedOutput(); err != nil {
			fixtureErr = fmt.Errorf("ffmpeg (installed by make deps): %v\n%s", err, out)
			return
		}
		track := func(k media.Kind, src string, br uint64) smooth.ServerTrack {
			return smooth.ServerTrack{Kind: k, Src: src, SystemBitrate: br, Params: []smooth.Attribute{{Name: "trackID", Value: "1"}}}
		}
		ism := &smooth.ServerManifest{Tracks: []smooth.ServerTrack{
			track(media.KindVideo, "v100.ismv", 100000), track(media.KindVideo, "v300.ismv", 300000),
			track(media.KindVideo, "v800.ismv", 800000), track(media.KindAudio, "a64.isma", 64000),
		}}
		fixtureErr = os.WriteFile(filepath.Join(dir, "clip.ism"), ism.Marshal(), 0o644)
	})
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixtureDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fixtureDir != "" {
		os.RemoveAll(fixtureDir)
	}
	os.Exit(code)
}

// serve starts the origin on loopback over the fixture; it returns the manifest URL.
func serve(t *testing.T, cfg origin.Config) (string, *origin.Server) {
	t.Helper()
	cfg.Dir = fixture(t)
	o, err := origin.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewUnstartedServer(o)
	hs.Config.ConnContext = o.ConnContext
	hs.Start()
	t.Cleanup(func() { hs.Close(); o.Close() })
	return hs.URL + "/clip.ism/Manifest", o
}

// rewriteManifest serves o through a proxy that replaces the first old in the
// manifest with new; it returns the proxy's manifest URL.
func rewriteManifest(t *testing.T, o http.Handler, old, new string) string {
	t.Helper()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/Manifest") {
			o.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		o.ServeHTTP(rec, r)
		w.Write([]byte(strings.Replace(rec.Body.String(), old, new, 1)))
	}))
	t.Cleanup(hs.Close)
	return hs.URL + "/clip.ism/Manifest"
}

// result is a finished headless session.
type result struct {
	stats   player.Stats
	lines   []map[string]any
	took    time.Duration
	err     error
	session *player.Session
}

// play runs a headless session (real FFmpeg decoding, no sinks) to its end.
func play(t *testing.T, cfg player.Config, during func(*player.Session)) result {
	t.Helper()
	ffdec.Install(&cfg, ffdec.Options{Threads: 1})
	if cfg.Logf == nil {
		cfg.Logf = t.Logf
	}
	var js bytes.Buffer
	cfg.StatsJSON = &js
	s, err := player.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	t0 := time.Now()
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	if during != nil {
		during(s)
	}
	err = <-done
	r := result{stats: s.Stats(), took: time.Since(t0), err: err, session: s}
	if st := r.stats; st.FramesShown+st.FramesDropped+st.FramesFlushed != st.FramesDecoded {
		t.Errorf("frames: %d shown + %d dropped + %d flushed != %d decoded", st.FramesShown, st.FramesDropped, st.FramesFlushed, st.FramesDecoded)
	}
	sc := bufio.NewScanner(&js)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("stats line %q: %v", sc.Text(), err)
		}
		r.lines = append(r.lines, m)
	}
	if len(r.lines) == 0 || r.lines[len(r.lines)-1]["type"] != "summary" {
		t.Fatalf("stats JSON does not end with the summary: %v", r.lines)
	}
	return r
}

func (r result) count(typ string) int { return len(linesOf(r, typ)) }

// linesOf are the lines of a session's stats JSON of the given types.
func linesOf(r result, types ...string) []map[string]any {
	var out []map[string]any
	for _, l := range r.lines {
		if typ, _ := l["type"].(string); slices.Contains(types, typ) {
			out = append(out, l)
		}
	}
	return out
}

func (r result) summary() map[string]any { return r.lines[len(r.lines)-1] }

// fragmentCount is the number of fragments one level of each stream has.
func fragmentCount(t *testing.T, url string) int {
	t.Helper()
	m := getManifest(t, url)
	n := 0
	for _, s := range m.Streams {
		n += int(s.Timeline.Len())
	}
	return n
}

func TestPlayToEnd(t *testing.T) {
	t.Parallel()
	url, _ := serve(t, origin.Config{})
	cpu0 := cpuTime()
	// The rate-based baseline goes to the level the link fits at once: with three
	// video fragments, a cautious policy would make the switch depend on how fast
	// the first two arrive.
	r := play(t, player.Config{URL: url, Policy: &abr.Throughput{}}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	st := r.stats
	t.Logf("process CPU %v for %v of playback (other parallel tests included)", cpuTime()-cpu0, st.Played)
	t.Logf("took %v, ttff %v, %d frames decoded, %d shown, %d dropped, %d stalls, %d fragments, %d bytes, avg %d bit/s, levels video %d, throughput %d",
		r.took, st.TTFF, st.FramesDecoded, st.FramesShown, st.FramesDropped, st.Stalls, st.Fragments, st.Bytes, st.AvgBitrate, st.Video.Level, st.Throughput)
	if st.State != player.StateEnded {
		t.Errorf("state %v", st.State)
	}
	if want := uint64(clipSeconds * 25); st.FramesDecoded != want {
		t.Errorf("%d frames decoded, want %d", st.FramesDecoded, want)
	}
	if st.FramesShown+st.FramesDropped != st.FramesDecoded {
		t.Errorf("shown %d + dropped %d != decoded %d", st.FramesShown, st.FramesDropped, st.FramesDecoded)
	}
	if r.count("switch") == 0 || st.Video.Level != 3 {
		t.Errorf("%d switches, ending at level %d: the unshaped link should reach the top level", r.count("switch"), st.Video.Level)
	}
	if st.Stalls != 0 || st.Errors != 0 {
		t.Errorf("%d stalls, %d errors (%s)", st.Stalls, st.Errors, st.LastError)
	}
	if want := fragmentCount(t, url); st.Fragments != want {
		t.Errorf("%d fragments, want %d", st.Fragments, want)
	}
	if st.Played < (clipSeconds-1)*time.Second || r.took < clipSeconds*time.Second*9/10 {
		t.Errorf("played %v in %v: not real time", st.Played, r.took)
	}
	if r.count("fragment") != st.Fragments || r.count("manifest") != 1 {
		t.Errorf("%d fragment lines, %d manifest lines", r.count("fragment"), r.count("manifest"))
	}
	sum := r.summary()
	for _, k := range []string{"ttff_ms", "played_s", "frames_decoded", "frames_dropped", "frames_flushed", "stalls", "stall_s", "fragments", "bytes", "switches", "avg_bitrate", "errors"} {
		if _, ok := sum[k]; !ok {
			t.Errorf("summary has no %s: %v", k, sum)
		}
	}
}

// lastVideoStart is the t of the last video fragment, as written in URLs.
func lastVideoStart(t *testing.T, url string) string {
	t.Helper()
	f, _ := getManifest(t, url).Stream(media.KindVideo).Timeline.Last()
	return fmt.Sprint(f.Start)
}

// getManifest fetches and parses the client manifest at url.
func getManifest(t *testing.T, url string) *smooth.Manifest {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	m, err := smooth.ParseManifest(resp.Body, url)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestLive(t *testing.T) {
	t.Parallel()
	url, _ := serve(t, origin.Config{Live: true, DVRWindow: 30 * time.Second, Lookahead: 2, LiveEpoch: time.Unix(0, 0)})
	url = strings.Replace(url, ".ism/", ".isml/", 1)
	var mu sync.Mutex
	var logs []string
	logf := func(f string, a ...any) {
		mu.Lock()
		defer mu.Unlock()
		logs = append(logs, fmt.Sprintf(f, a...))
	}
	r := play(t, player.Config{URL: url, PlayFor: 5 * time.Second, Logf: logf}, func(s *player.Session) {
		for s.Stats().Position < time.Second {
			time.Sleep(10 * time.Millisecond)
		}
		s.Seek(time.Hour) // beyond the live edge: clamped to it
	})
	if r.err != nil {
		t.Fatal(r.err)
	}
	mu.Lock()
	for _, l := range logs {
		if strings.Contains(l, "timeline") || strings.Contains(l, "tfrf") {
			t.Errorf("tfrf and manifest refreshes disagreed: %s", l)
		}
	}
	mu.Unlock()
	st := r.stats
	t.Logf("live: took %v, ttff %v, %d frames, %d stalls, %d errors (%s), %d fragments", r.took, st.TTFF, st.FramesDecoded, st.Stalls, st.Errors, st.LastError, st.Fragments)
	if !st.Live || st.Played < 5*time.Second || st.FramesShown < 4*25 || st.Errors != 0 || st.Stalls > 1 {
		t.Errorf("live %v, played %v, %d frames shown, %d errors, %d stalls", st.Live, st.Played, st.FramesShown, st.Errors, st.Stalls)
	}
	if r.count("seek") != 1 {
		t.Errorf("%d seek lines", r.count("seek"))
	}
	if r.lines[0]["type"] != "manifest" || r.lines[0]["live"] != true {
		t.Errorf("first line %v", r.lines[0])
	}
}

func TestSelectAudio(t *testing.T) {
	t.Parallel()
	url, _ := serve(t, origin.Config{})
	r := play(t, player.Config{URL: url, PlayFor: 3 * time.Second}, func(s *player.Session) {
		for s.Stats().Position < time.Second {
			time.Sleep(10 * time.Millisecond)
		}
		if tr := s.AudioTracks(); len(tr) != 1 {
			t.Errorf("audio tracks %q", tr)
		}
		s.SelectAudio(0)
	})
	if r.err != nil {
		t.Fatal(r.err)
	}
	if st := r.stats; st.State != player.StateEnded || st.Errors != 0 || r.count("seek") != 0 || st.Played < 3*time.Second {
		t.Errorf("state %v, %d errors, %d seeks, played %v", st.State, st.Errors, r.count("seek"), st.Played)
	}
}

// TestStartupAgainstFloor compares the time to first frame with the floor measured in
// the same run: fetching the manifest and the first video and audio fragments
// back to back with a plain HTTP client (no decoding).
func TestStartupAgainstFloor(t *testing.T) {
	url, _ := serve(t, origin.Config{})
	base := url[:strings.LastIndex(url, "/")+1]
	floor := time.Duration(1 << 62)
	for range 3 {
		t0 := time.Now()
		m := getManifest(t, url)
		for _, s := range m.Streams {
			f, _ := s.Timeline.At(0)
			resp, err := http.Get(base + s.FragmentURL(s.Levels[0], f.Start))
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		floor = min(floor, time.Since(t0))
	}
	var ttff []time.Duration
	for range 3 {
		r := play(t, player.Config{URL: url, PlayFor: 200 * time.Millisecond}, nil)
		if r.err != nil {
			t.Fatal(r.err)
		}
		ttff = append(ttff, r.stats.TTFF)
	}
	best := slices.Min(ttff)
	t.Logf("time to first frame %v (best of %v), floor %v: %.1f× the floor", best, ttff, floor, float64(best)/float64(floor))
	if best <= 0 || best > 5*floor+100*time.Millisecond {
		t.Errorf("first frame after %v; the floor is %v", best, floor)
	}
}

// TestAudioLanguage: --audio-lang picks the stream of that language; one the
// manifest does not have plays the first and says which languages there are.
func TestAudioLanguage(t *testing.T) {
	t.Parallel()
	_, o := serve(t, origin.Config{})
	url := rewriteManifest(t, o, `Type="audio"`, `Type="audio" Language="fr-CA"`)
	for _, c := range []struct {
		lang string
		warn bool
	}{{"fr", false}, {"FR-ca", false}, {"xx", true}} {
		r := play(t, player.Config{URL: url, AudioLang: c.lang, PlayFor: time.Second}, nil)
		if r.err != nil {
			t.Fatal(r.err)
		}
		warned := strings.Contains(r.stats.LastError, `no audio stream in language "xx" (the manifest has fr-CA): playing the first`)
		if warned != c.warn || (!c.warn && r.stats.Errors != 0) || r.stats.Audio.Level < 0 {
			t.Errorf("--audio-lang %s: %d errors (last %q), audio level %d; want a warning: %v", c.lang, r.stats.Errors, r.stats.LastError, r.stats.Audio.Level, c.warn)
		}
	}
}
