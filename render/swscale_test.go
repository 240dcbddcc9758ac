package render

import (
	"bytes"
	"image"
	"os/exec"
	"testing"
)

// TestToRGBAMatchesSwscale converts the same frame with FFmpeg's swscale (the
// ffmpeg command, unscaled yuv420p → rgb24) and with ToRGBA, for both matrices.
// The window's shader is checked against ToRGBA (render/windowtest), so this ties
// both to swscale.
func TestToRGBAMatchesSwscale(t *testing.T) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Fatalf("ffmpeg not installed: %v", err)
	}
	const w, h = 64, 36
	f := patternFrame(w, h)
	var raw bytes.Buffer // tightly packed I420 for ffmpeg
	for y := range h {
		raw.Write(f.Y[y*f.YStride : y*f.YStride+w])
	}
	for _, p := range [][]byte{f.U, f.V} {
		for y := range h / 2 {
			raw.Write(p[y*f.CStride : y*f.CStride+w/2])
		}
	}
	for _, m := range []Matrix{BT601, BT709} {
		cmd := exec.Command("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "yuv420p",
			"-s", "64x36", "-i", "-", "-vf", "scale=in_color_matrix="+m.Name+":in_range=tv:out_range=pc:flags=neighbor",
			"-pix_fmt", "rgb24", "-f", "rawvideo", "-")
		cmd.Stdin = bytes.NewReader(raw.Bytes())
		out, err := cmd.Output()
		if err != nil || len(out) != w*h*3 {
			t.Fatalf("%s: ffmpeg: %v, %d bytes", m.Name, err, len(out))
		}
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		ToRGBA(img, f, NewConverter(m))
		worst, over := 0, 0
		for i := range w * h {
			for c := range 3 {
				d := int(img.Pix[4*i+c]) - int(out[3*i+c])
				d = max(d, -d)
				worst = max(worst, d)
				if d > 3 {
					over++
				}
			}
		}
		t.Logf("%s: largest difference from swscale %d/255", m.Name, worst)
		if over > 0 {
			t.Errorf("%s: %d of %d samples differ from swscale by more than 3/255", m.Name, over, w*h*3)
		}
	}
}
