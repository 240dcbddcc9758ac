package xvfbtest

import (
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Screenshot photographs the whole screen of X display disp with ImageMagick's
// import (installed by make deps), the X server's own view, independent of the
// program drawing; it returns the image and the PNG file it is in (in a temporary
// directory of the test).
func Screenshot(t testing.TB, disp string) (image.Image, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "root.png")
	if b, err := exec.Command("import", "-display", disp, "-window", "root", path).CombinedOutput(); err != nil {
		t.Fatalf("import -window root (ImageMagick, installed by make deps): %v: %s", err, b)
	}
	return ReadPNG(t, path), path
}

// ReadPNG decodes the PNG file at path or fails the test.
func ReadPNG(t testing.TB, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}
