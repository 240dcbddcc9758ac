package decode

import (
	"bytes"
	"errors"
	"io"
	"os/exec"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"testing"
	"time"
)

// ffmpegRealTime runs `ffmpeg -threads N -i path -f null -` and returns the decode
// loop's wall time as ffmpeg's own -benchmark reports it (process start-up excluded).
func ffmpegRealTime(b *testing.B, path string, threads int) time.Duration {
	cmd := exec.Command("ffmpeg", "-nostdin", "-benchmark", "-threads", strconv.Itoa(threads),
		"-i", path, "-map", "0:v:0", "-f", "null", "-")
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
		for _, s := range vt.samples {
			if err := v.Send(s); err != nil {
				b.Fatal(err)
			}
			for {
				f, err := v.Receive()
				if errors.Is(err, ErrNeedInput) {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				frames++
				v.Release(f)
			}
		}
		if err := v.Flush(); err != nil {
			b.Fatal(err)
		}
		for {
			f, err := v.Receive()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			frames++
			v.Release(f)
		}
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
