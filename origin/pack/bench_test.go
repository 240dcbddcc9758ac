package pack

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/decode/encode"
	"github.com/smoothie-player/smoothie/decode/synth"
)

// BenchmarkPackVsFFmpeg packs 10 s of the synthetic source on a three-level ladder,
// then has the ffmpeg command do the same work: the same filter graph, the same
// libx264 CBR settings and AAC, muxed to .ismv. It reports the speed of each as a
// multiple of real time and our speed as a ratio of ffmpeg's (1 = as fast).
func BenchmarkPackVsFFmpeg(b *testing.B) {
	ffmpeg, err := exec.LookPath("ffmpeg")
	if err != nil {
		b.Skip("ffmpeg not installed")
	}
	encode.QuietLogs()
	const dur = 10 * time.Second
	levels := testLadder()
	var ours, theirs time.Duration
	for i := 0; i < b.N; i++ {
		tmp := b.TempDir()
		start := time.Now()
		if _, err := Pack(context.Background(), Input{Synthetic: dur}, filepath.Join(tmp, "ours"), Config{Levels: levels}, nil); err != nil {
			b.Fatal(err)
		}
		ours += time.Since(start)

		args := ffmpegArgs(levels, dur, tmp)
		start = time.Now()
		if out, err := exec.Command(ffmpeg, args...).CombinedOutput(); err != nil {
			b.Fatalf("ffmpeg: %v\n%s", err, out)
		}
		theirs += time.Since(start)
	}
	n := float64(b.N)
	b.ReportMetric(dur.Seconds()*n/ours.Seconds(), "x_realtime")
	b.ReportMetric(dur.Seconds()*n/theirs.Seconds(), "ffmpeg_x_realtime")
	b.ReportMetric(theirs.Seconds()/ours.Seconds(), "speed_vs_ffmpeg")
}

// ffmpegArgs is the ffmpeg command line equivalent to packing levels from the
// synthetic source: one .ismv per level and one for audio.
func ffmpegArgs(levels []encode.Level, dur time.Duration, dir string) []string {
	video, audio := synth.Graphs(synth.Config{Duration: dur}, levels)
	args := []string{"-v", "error", "-y", "-filter_complex", video + ";" + audio}
	gop := strconv.Itoa(int(encode.DefaultFragment.Seconds() * synth.DefaultFrameRate))
	for i, l := range levels {
		rate := strconv.FormatInt(l.Bitrate, 10)
		args = append(args, "-map", fmt.Sprintf("[v%d]", i), "-c:v", "libx264", "-preset", encode.DefaultPreset,
			"-b:v", rate, "-maxrate", rate, "-minrate", rate, "-bufsize", rate, "-bf", "0", "-g", gop, "-keyint_min", gop,
			"-x264-params", "nal-hrd=cbr:force-cfr=1:scenecut=0:open-gop=0:keyint="+gop+":min-keyint="+gop,
			"-f", "ismv", filepath.Join(dir, fmt.Sprintf("ffmpeg_%d.ismv", i)))
	}
	return append(args, "-map", "[a]", "-c:a", "aac", "-b:a", "128k", "-f", "ismv", filepath.Join(dir, "ffmpeg_audio.isma"))
}

// BenchmarkPackDefaultLadder packs 30 s of the synthetic source on the default
// six-level ladder up to 1080p and reports the speed as a multiple of real time.
func BenchmarkPackDefaultLadder(b *testing.B) {
	encode.QuietLogs()
	const dur = 30 * time.Second
	var total time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := Pack(context.Background(), Input{Synthetic: dur}, filepath.Join(b.TempDir(), "out"), Config{}, nil); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
	}
	b.ReportMetric(dur.Seconds()*float64(b.N)/total.Seconds(), "x_realtime")
}
