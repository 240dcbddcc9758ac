package pack

import (
	"context"
	"encoding/binary"
	"math"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/decode/encode"
	"github.com/smoothie-player/smoothie/decode/synth"
)

// checkFlashBeepSync decodes a packed video level and the audio with ffmpeg and
// checks that the white flash and the beep of second 1 start at the same time on
// the presentation timeline (first fragment times from tfxd), within 10 ms.
func checkFlashBeepSync(t *testing.T, videoPath, audioPath string, videoStart, audioStart uint64) {
	t.Helper()
	// Video: 8x8 grey thumbnails, one 64-byte record per frame.
	vraw, err := exec.Command("ffmpeg", "-v", "error", "-i", videoPath, "-vf", "scale=8:8,format=gray", "-f", "rawvideo", "-").Output()
	if err != nil {
		t.Fatalf("ffmpeg video: %v", err)
	}
	flash := -1
	for i := 10; (i+1)*64 <= len(vraw); i++ {
		sum := 0
		for _, v := range vraw[i*64 : (i+1)*64] {
			sum += int(v)
		}
		if sum/64 > 200 {
			flash = i
			break
		}
	}
	// Audio: mono 16-bit samples at 48 kHz.
	araw, err := exec.Command("ffmpeg", "-v", "error", "-i", audioPath, "-ac", "1", "-f", "s16le", "-").Output()
	if err != nil {
		t.Fatalf("ffmpeg audio: %v", err)
	}
	beep := -1
	for j := encode.AudioSampleRate / 2; 2*j+2 <= len(araw); j++ {
		if math.Abs(float64(int16(binary.LittleEndian.Uint16(araw[2*j:])))) > 0.4*32768 {
			beep = j
			break
		}
	}
	if flash < 0 || beep < 0 {
		t.Fatalf("no flash (%d) or no beep (%d) found", flash, beep)
	}
	flashT := float64(videoStart)/encode.Timescale + float64(flash)/25
	beepT := float64(audioStart)/encode.Timescale + float64(beep)/encode.AudioSampleRate
	t.Logf("flash at frame %d = %.4f s, beep at sample %d = %.4f s on the timeline", flash, flashT, beep, beepT)
	if math.Abs(flashT-beepT) > 0.010 {
		t.Errorf("flash at %.4f s and beep at %.4f s are %.1f ms apart", flashT, beepT, (flashT-beepT)*1000)
	}
}

// TestPackFileKeepsSync packs an input whose audio starts 0.512 s after its video (and
// whose beeps still sound with the flashes) and checks that the output is in sync.
// The cut is on an AAC frame boundary: a cut inside a frame makes FFmpeg's own
// input encode drift by ~10 ms, which is not what this test is about.
func TestPackFileKeepsSync(t *testing.T) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Fatal("ffmpeg is not installed (make deps installs it)")
	}
	encode.QuietLogs()
	tmp := t.TempDir()
	in := filepath.Join(tmp, "late-audio.mkv")
	video, audio := synth.Graphs(synth.Config{Duration: 4 * time.Second}, []encode.Level{{Width: 320, Height: 180, Bitrate: 300_000}})
	graph := video + ";" + audio[:len(audio)-len("[a]")] + ",atrim=start_sample=24576[a]"
	out, err := exec.Command("ffmpeg", "-v", "error", "-filter_complex", graph, "-map", "[v0]", "-map", "[a]",
		"-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", in).CombinedOutput()
	if err != nil {
		t.Fatalf("making input: %v %s", err, out)
	}
	dir := filepath.Join(tmp, "out")
	res, err := Pack(context.Background(), Input{File: in}, dir, Config{Levels: testLadder()[:1]}, nil)
	if err != nil {
		t.Fatal(err)
	}
	v := readTrack(t, filepath.Join(dir, res.Files[0]))
	a := readTrack(t, filepath.Join(dir, res.Files[1]))
	checkFlashBeepSync(t, filepath.Join(dir, res.Files[0]), filepath.Join(dir, res.Files[1]), v[0].Time, a[0].Time)
}
