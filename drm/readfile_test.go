package drm

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadMediaFileCap(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.ismv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxFileSize + 1); err != nil { // sparse: nothing is written
		t.Fatal(err)
	}
	f.Close()
	if _, err := ReadMediaFile(path); err == nil || !strings.Contains(err.Error(), "1024 MiB") {
		t.Errorf("over the cap: %v", err)
	}
	if err := os.Truncate(path, 10); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadMediaFile(path); err != nil || len(b) != 10 {
		t.Errorf("small file: %d %v", len(b), err)
	}
}
