package e2e

import (
	"image"
	"path/filepath"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/render/windowproc"
)

// TestWindowOverlay runs the window helper under Xvfb and sends it a grey frame,
// then a stats overlay, then none: the overlay darkens a box at the top left and
// prints light text in it; without it the frame's grey is back.
func TestWindowOverlay(t *testing.T) {
	disp := startXvfb(t)
	w, err := windowproc.Start(windowproc.Config{Command: []string{filepath.Join(filepath.Dir(smoothie), "smoothie-window")},
		Env: []string{"DISPLAY=" + disp}})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	const fw, fh = 320, 180
	grey := &media.VideoFrame{Width: fw, Height: fh, YStride: fw, CStride: fw / 2,
		Y: make([]byte, fw*fh), U: make([]byte, fw*fh/4), V: make([]byte, fw*fh/4)}
	for i := range grey.Y {
		grey.Y[i] = 180
	}
	for i := range grey.U {
		grey.U[i], grey.V[i] = 128, 128
	}
	shot := func() image.Image {
		t.Helper()
		if err := w.Show(grey); err != nil {
			t.Fatal(err)
		}
		time.Sleep(700 * time.Millisecond) // a few refreshes
		img, _ := screenshot(t, disp)
		return img
	}
	luma := func(img image.Image, x, y int) int {
		r, g, b, _ := img.At(x, y).RGBA()
		return int((r>>8)*3+(g>>8)*6+(b>>8)) / 10
	}
	// brightest in the text area: the text starts 8 px into the box at (12, 12)
	brightest := func(img image.Image) int {
		m := 0
		for y := 20; y < 52; y++ {
			for x := 20; x < 100; x++ {
				m = max(m, luma(img, x, y))
			}
		}
		return m
	}
	for deadline := time.Now().Add(10 * time.Second); ; {
		if w, h := w.Size(); w > 0 && h > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the window never reported its size")
		}
		time.Sleep(50 * time.Millisecond)
	}
	plain := shot()
	base := luma(plain, 14, 14)
	if base < 150 {
		t.Fatalf("the grey frame is not on the screen: luma %d at (14,14)", base)
	}
	w.SetOverlay("playing  0:58.5 / 5:00.0\nvideo L4 2.5M 1280x720 h264")
	over := shot()
	if box, text := luma(over, 14, 14), brightest(over); box > base*2/3 || text < base+30 {
		t.Errorf("with the overlay: box luma %d (frame %d), brightest text %d", box, base, text)
	}
	w.SetOverlay("")
	if again := luma(shot(), 14, 14); again < base-10 {
		t.Errorf("after the overlay is removed the box stays: luma %d, frame %d", again, base)
	}
}
