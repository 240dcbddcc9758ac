package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/decode"
	"github.com/smoothie-player/smoothie/internal/syncbuf"
	"github.com/smoothie-player/smoothie/media"
	smorigin "github.com/smoothie-player/smoothie/origin"
	"github.com/smoothie-player/smoothie/smooth"
)

// The `make bench-play` benchmarks: smoothie's playback path against FFmpeg and
// GStreamer on the bundled demo, each reporting a ratio measured in the same run.

const (
	demoDir = "../testdata/demo"
	demoTop = demoDir + "/demo_1280x720_2500k.ismv"
	demoAud = demoDir + "/demo_audio_128k.isma"
)

// topLevelSamples reads the demo's top video level as the player sees it: the decoder
// configuration from the client manifest's CodecPrivateData (smooth's CodecConfig), the
// samples from the .ismv's fragments.
func topLevelSamples(b *testing.B) (smooth.CodecConfig, []media.Sample) {
	b.Helper()
	fh, err := os.Open(filepath.Join(demoDir, "demo.ismc"))
	if err != nil {
		b.Fatal(err)
	}
	defer fh.Close()
	m, err := smooth.ParseManifest(fh, "demo.ismc")
	if err != nil {
		b.Fatal(err)
	}
	var s *smooth.StreamIndex
	var q *smooth.QualityLevel
	for _, st := range m.Streams {
		if st.Type != media.KindVideo {
			continue
		}
		for _, l := range st.Levels {
			if q == nil || l.Bitrate > q.Bitrate {
				s, q = st, l
			}
		}
	}
	if q == nil || q.Bitrate != 2500000 {
		b.Fatalf("demo.ismc: top video level %+v, want 2500k", q)
	}
	cfg, err := s.CodecConfig(q)
	if err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(demoTop)
	if err != nil {
		b.Fatal(err)
	}
	mf, err := smooth.ParseMediaFile(data)
	if err != nil {
		b.Fatal(err)
	}
	var samples []media.Sample
	for _, r := range mf.Fragments {
		f, err := smooth.ParseFragment(data[r.Offset:r.Offset+r.Size], smooth.FragmentOptions{Timescale: s.TimeScale, Kind: media.KindVideo})
		if err != nil {
			b.Fatal(err)
		}
		samples = append(samples, f.Samples...)
	}
	if len(samples) == 0 {
		b.Fatalf("%s: no samples", demoTop)
	}
	return cfg, samples
}

// decodeAll sends every sample through v, drains it and returns the frames decoded.
func decodeAll(b *testing.B, v *decode.Video, samples []media.Sample) int {
	n := 0
	drain := func(eof bool) {
		for {
			f, err := v.Receive()
			if (!eof && errors.Is(err, decode.ErrNeedInput)) || (eof && err == io.EOF) {
				return
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
			v.Release(f)
		}
	}
	for _, s := range samples {
		if err := v.Send(s); err != nil {
			b.Fatal(err)
		}
		drain(false)
	}
	if err := v.Flush(); err != nil {
		b.Fatal(err)
	}
	drain(true)
	return n
}

// ffmpegRTime runs ffmpeg with -benchmark and returns its decode loop's wall time
// (rtime: process start-up and probing excluded, as our side excludes them too).
func ffmpegRTime(b *testing.B, args ...string) time.Duration {
	b.Helper()
	cmd := exec.Command("ffmpeg", append([]string{"-nostdin", "-benchmark"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		b.Fatalf("ffmpeg: %v\n%s", err, stderr.String())
	}
	mm := regexp.MustCompile(`rtime=([0-9.]+)s`).FindSubmatch(stderr.Bytes())
	if mm == nil {
		b.Fatalf("no rtime in ffmpeg -benchmark output:\n%s", stderr.String())
	}
	s, _ := strconv.ParseFloat(string(mm[1]), 64)
	return time.Duration(s * float64(time.Second))
}

// BenchmarkPlayDecode: our decode path (decode.Video, 2 threads) on the samples of
// the demo's 720p level against `ffmpeg -threads 2 -i <that .ismv> -f null -`,
// alternating rounds per iteration in the same run (the machine's load varies; the
// sides of a round see the same). Ours runs twice a round: with every picture copied
// out of FFmpeg into a media.VideoFrame, as a video sink gets it ("copy"), and with
// timing only (decode.Video.SetTimingOnly), as headless playback runs and as ffmpeg's
// null output, which keeps the picture in FFmpeg's memory, does ("bare"). Reports the
// frame rates and the median of the rounds' ours/ffmpeg for both (goal ≥ 0.9).
func BenchmarkPlayDecode(b *testing.B) {
	cfg, samples := topLevelSamples(b)
	var ours, bare, theirs time.Duration
	var ratios, bareRatios []float64
	frames := 0
	run := func(timingOnly bool) time.Duration {
		v, err := decode.NewVideo(cfg, decode.VideoOptions{Threads: 2})
		if err != nil {
			b.Fatal(err)
		}
		v.SetTimingOnly(timingOnly)
		t0 := time.Now()
		n := decodeAll(b, v, samples)
		took := time.Since(t0)
		v.Close()
		if n != len(samples) {
			b.Fatalf("decoded %d frames of %d samples", n, len(samples))
		}
		return took
	}
	for i := 0; i < b.N; i++ {
		for r := 0; r < 3; r++ {
			took := run(false)
			tookBare := run(true)
			ours += took
			bare += tookBare
			frames += len(samples)
			b.StopTimer()
			ff := ffmpegRTime(b, "-threads", "2", "-i", demoTop, "-map", "0:v:0", "-f", "null", "-")
			theirs += ff
			ratios = append(ratios, ff.Seconds()/took.Seconds())
			bareRatios = append(bareRatios, ff.Seconds()/tookBare.Seconds())
			b.StartTimer()
		}
	}
	b.ReportMetric(float64(frames)/ours.Seconds(), "fps")
	b.ReportMetric(float64(frames)/bare.Seconds(), "bare_fps")
	b.ReportMetric(float64(frames)/theirs.Seconds(), "ffmpeg_fps")
	b.ReportMetric(median(ratios), "ratio")
	b.ReportMetric(median(bareRatios), "bare_ratio")
}

// demoOrigin serves the demo from an in-process origin (so a child's CPU and RSS are
// the player's alone) and notes when the first manifest request arrives.
type demoOrigin struct {
	*httptest.Server
	mu       sync.Mutex
	manifest time.Time
}

func startDemoOrigin(b testing.TB) *demoOrigin {
	b.Helper()
	h, err := smorigin.New(smorigin.Config{Dir: demoDir})
	if err != nil {
		b.Fatal(err)
	}
	o := &demoOrigin{}
	o.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/Manifest") {
			o.mu.Lock()
			if o.manifest.IsZero() {
				o.manifest = time.Now()
			}
			o.mu.Unlock()
		}
		h.ServeHTTP(w, r)
	}))
	b.Cleanup(o.Close)
	return o
}

func (o *demoOrigin) firstManifest() time.Time {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.manifest
}

// playSummary is the summary line of `smoothie play --stats-json`.
type playSummary struct {
	Type          string  `json:"type"`
	TTFFms        float64 `json:"ttff_ms"`
	Played        float64 `json:"played_s"`
	FramesDecoded int     `json:"frames_decoded"`
	AudioDecoded  float64 `json:"audio_decoded_s"`
	Errors        int     `json:"errors"`
}

// runPlay runs `smoothie play --headless --stats-json … ARGS URL` to its end and
// returns the summary and the child's resource usage.
func runPlay(b *testing.B, url string, args ...string) (playSummary, *syscall.Rusage) {
	b.Helper()
	stats := filepath.Join(b.TempDir(), "stats.jsonl")
	cmd := exec.Command(smoothie, append(append([]string{"play", "--headless", "--stats-json", stats}, args...), url)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		b.Fatalf("smoothie play: %v\n%s", err, out.String())
	}
	raw, err := os.ReadFile(stats)
	if err != nil {
		b.Fatal(err)
	}
	var sum playSummary
	for _, l := range bytes.Split(raw, []byte("\n")) {
		if bytes.Contains(l, []byte(`"type":"summary"`)) {
			if err := json.Unmarshal(l, &sum); err != nil {
				b.Fatal(err)
			}
		}
	}
	if sum.Type != "summary" || sum.TTFFms <= 0 || sum.Errors != 0 {
		b.Fatalf("smoothie play: summary %+v\n%s", sum, out.String())
	}
	return sum, cmd.ProcessState.SysUsage().(*syscall.Rusage)
}

// gstFirstBuffer runs GStreamer's playbin on url with fake sinks and returns the time
// from the origin's first manifest request to the first buffer reaching the video
// sink, and from the process start to it.
//
// How the first buffer is seen: the video sink is `fakesink silent=false` and
// gst-launch runs with -v, so every buffer the sink receives (preroll included) prints
// a "last-message = chain" notification naming the sink. gst-launch prints it with
// g_print to stdout, which stdio would block-buffer into a pipe: stdbuf -oL makes it
// line-buffered, so the line reaches us as the buffer reaches the sink; we stamp it on
// arrival with our own clock, the same one that stamps the origin's manifest request.
// The debug log's timestamps (GST_DEBUG) count from GStreamer's own init, not our
// clock, and GST_DEBUG=fakesink:6 printed no per-buffer line here, hence this way.
func gstFirstBuffer(b *testing.B, url string) (fromManifest, fromStart time.Duration) {
	b.Helper()
	o := startDemoOrigin(b)
	cmd := exec.Command("stdbuf", "-oL", "gst-launch-1.0", "-v", "playbin", "uri="+o.URL+url,
		"video-sink=fakesink name=vsink silent=false", "audio-sink=fakesink name=asink")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	var stderr syncbuf.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	first := make(chan time.Time, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			l := sc.Text()
			if strings.Contains(l, "GstFakeSink:vsink: last-message = chain") {
				first <- time.Now()
				break
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
	}()
	select {
	case t := <-first:
		m := o.firstManifest()
		if m.IsZero() {
			b.Fatal("gst-launch: a buffer at the sink but no manifest request")
		}
		return t.Sub(m), t.Sub(start)
	case <-time.After(30 * time.Second):
		b.Fatalf("gst-launch: no buffer at the video sink within 30 s; stderr:\n%s", stderr.String())
	}
	return 0, 0
}

// mean of v (0 when empty).
func mean[T float64 | time.Duration](v []T) T {
	if len(v) == 0 {
		return 0
	}
	var s T
	for _, x := range v {
		s += x
	}
	return s / T(len(v))
}

func median(d []float64) float64 {
	sort.Float64s(d)
	return d[len(d)/2]
}

// BenchmarkPlayTTFF: time to first frame on loopback for the demo, `smoothie play
// --headless` (the summary's ttff_ms: session start, before the manifest request, to
// the first frame shown, here to no video output) against GStreamer playbin to fakesink (first
// manifest request at the origin to the first buffer at the video sink), both against
// an in-process origin serving testdata/demo. Medians of 3 runs each per iteration;
// reports both and ours/GStreamer (goal ≤ 0.5).
func BenchmarkPlayTTFF(b *testing.B) {
	if _, err := exec.LookPath("gst-launch-1.0"); err != nil {
		b.Fatal("gst-launch-1.0 not installed (make deps installs it)")
	}
	var ours, theirs, theirsExec []float64
	for i := 0; i < b.N; i++ {
		for r := 0; r < 3; r++ {
			o := startDemoOrigin(b)
			sum, _ := runPlay(b, o.URL+"/demo.ism/Manifest", "--for", "2s")
			ours = append(ours, sum.TTFFms)
			fm, fs := gstFirstBuffer(b, "/demo.ism/Manifest")
			theirs = append(theirs, float64(fm)/float64(time.Millisecond))
			theirsExec = append(theirsExec, float64(fs)/float64(time.Millisecond))
		}
	}
	o, t := median(ours), median(theirs)
	b.ReportMetric(o, "ttff_ms")
	b.ReportMetric(t, "gst_ttff_ms")
	b.ReportMetric(median(theirsExec), "gst_from_exec_ms")
	b.ReportMetric(o/t, "ratio")
}

func cpuSeconds(ru *syscall.Rusage) float64 {
	return time.Duration(syscall.TimevalToNsec(ru.Utime) + syscall.TimevalToNsec(ru.Stime)).Seconds()
}

// loadAvg1 is the machine's one-minute load average, reported beside the CPU figures
// (the machine is shared: both sides of a round see the same load, not every round).
func loadAvg1(b *testing.B) float64 {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		b.Fatal(err)
	}
	l, err := strconv.ParseFloat(strings.Fields(string(raw))[0], 64)
	if err != nil {
		b.Fatalf("/proc/loadavg: %v", err)
	}
	return l
}

// BenchmarkPlayCPU: CPU seconds (user+sys of the child) of a headless playback of the
// whole demo pinned to the 720p level (--quality 5), video and audio, against ffmpeg
// decoding the same 720p video and audio files to a null output, alternating 3 rounds
// per iteration. Reports the medians of both, the median of the rounds' ratios (goal
// ≤ 1.3), both peak RSS and the load average over the rounds.
func BenchmarkPlayCPU(b *testing.B) {
	var ours, theirs, ratios, loads []float64
	var rss, ffRSS float64
	for i := 0; i < b.N; i++ {
		for r := 0; r < 3; r++ {
			loads = append(loads, loadAvg1(b))
			o := startDemoOrigin(b)
			sum, ru := runPlay(b, o.URL+"/demo.ism/Manifest", "--quality", "5")
			if sum.Played < 19 {
				b.Fatalf("played %.1f s of the 20 s demo", sum.Played)
			}
			rss = max(rss, float64(ru.Maxrss)/1024) // KiB on Linux
			b.StopTimer()
			cmd := exec.Command("ffmpeg", "-nostdin", "-v", "error", "-i", demoTop, "-i", demoAud,
				"-map", "0:v:0", "-map", "1:a:0", "-f", "null", "-")
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("ffmpeg: %v\n%s", err, out)
			}
			fru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
			ffRSS = max(ffRSS, float64(fru.Maxrss)/1024)
			ours = append(ours, cpuSeconds(ru))
			theirs = append(theirs, cpuSeconds(fru))
			ratios = append(ratios, cpuSeconds(ru)/cpuSeconds(fru))
			b.StartTimer()
		}
	}
	loads = append(loads, loadAvg1(b))
	b.ReportMetric(median(ours), "cpu_s")
	b.ReportMetric(median(theirs), "ffmpeg_cpu_s")
	b.ReportMetric(median(ratios), "ratio")
	b.ReportMetric(rss, "peak_RSS_MiB")
	b.ReportMetric(ffRSS, "ffmpeg_peak_RSS_MiB")
	b.ReportMetric(mean(loads), "load1")
}
