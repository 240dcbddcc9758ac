package pack

import (
	"encoding/binary"
	"math"
	"os/exec"
	"testing"

	"github.com/smoothie-player/smoothie/decode/encode"
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
