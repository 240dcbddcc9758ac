package decode

import (
	"bytes"
	"os/exec"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// ffmpegRealTime runs `ffmpeg -threads N -i path -f null -` and returns the decode
// loop's wall time as ffmpeg's own -benchmark reports it (process start-up excluded).
func ffmpegRealTime(b *testing.B, path string, threads int, output ...string) time.Duration {
	args := []string{"-nostdin", "-benchmark", "-threads", strconv.Itoa(threads), "-i", path}
	if len(output) == 0 {
		output = []string{"-map", "0:v:0"}
	}
	args = append(append(args, output...), "-f", "null", "-")
	cmd := exec.Command("ffmpeg", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		b.Fatalf("ffmpeg: %v\n%s", err, stderr.String())
	}
	m := regexp.MustCompile(`rtime=([0-9.]+)s`).FindSubmatch(stderr.Bytes())
	if m == nil {
		b.Fatalf("no rtime in ffmpeg -benchmark output:\n%s", stderr.String())
	}
	s, _ := strconv.ParseFloat(string(m[1]), 64)
	return time.Duration(s * float64(time.Second))
}

// BenchmarkVideoDecode720p decodes a 720p H.264 clip through Video and, in the same
// run, through the ffmpeg CLI; it reports both frame rates, their ratio, and the Go
// allocations per frame.
func BenchmarkVideoDecode720p(b *testing.B) {
	path := makeClip(b, clip{W: 1280, H: 720, FPS: 25, Seconds: 6, GOP: 50})
	vt, _ := demux(b, path)
	threads := runtime.NumCPU()
	v, err := NewVideo(vt.cfg, VideoOptions{Threads: threads})
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	var ours, theirs time.Duration
	var frames int
	var ratios []float64 // per iteration: the machine's load varies, both runs see the same
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		n0 := frames
		feed(b, v, vt.samples, true, func(f *media.VideoFrame) {
			frames++
			v.Release(f)
		})
		took := time.Since(t0)
		ours += took
		b.StopTimer()
		runtime.ReadMemStats(&after)
		ff := ffmpegRealTime(b, path, threads)
		theirs += ff
		ratios = append(ratios, float64(frames-n0)/took.Seconds()/(float64(len(vt.samples))/ff.Seconds()))
		b.StartTimer()
	}
	b.StopTimer()
	oursFPS := float64(frames) / ours.Seconds()
	theirFPS := float64(b.N*len(vt.samples)) / theirs.Seconds()
	b.ReportMetric(oursFPS, "fps")
	b.ReportMetric(theirFPS, "ffmpeg_fps")
	sort.Float64s(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "median_ratio")
	b.ReportMetric(oursFPS/theirFPS, "ratio")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(frames), "allocs/frame")
}

// BenchmarkAudioDecodeAAC decodes 20 s of AAC and converts it to 44.1 kHz stereo
// float, against ffmpeg doing the same to a null output in the same run.
func BenchmarkAudioDecodeAAC(b *testing.B) {
	path := makeClip(b, clip{W: 64, H: 64, FPS: 5, Seconds: 20, GOP: 50, Audio: true, Channels: 2})
	_, at := demux(b, path)
	a, err := NewAudio(at.cfg, AudioOptions{SampleRate: 44100, Channels: 2})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	var ours, theirs time.Duration
	buffers := 0
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		feed(b, a, at.samples, false, func(buf *media.AudioBuffer) {
			buffers++
			a.Release(buf)
		})
		ours += time.Since(t0)
		b.StopTimer()
		runtime.ReadMemStats(&after)
		if err := a.Reset(); err != nil {
			b.Fatal(err)
		}
		theirs += ffmpegRealTime(b, path, 1, "-map", "0:a:0", "-ar", "44100", "-ac", "2", "-c:a", "pcm_f32le")
		b.StartTimer()
	}
	b.StopTimer()
	media := time.Duration(b.N) * 20 * time.Second
	b.ReportMetric(media.Seconds()/ours.Seconds(), "x_realtime")
	b.ReportMetric(theirs.Seconds()/ours.Seconds(), "ratio")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(buffers), "allocs/buffer")
}
