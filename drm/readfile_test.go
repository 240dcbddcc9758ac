package drm

import (
	"errors"
	"io"
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

// TestRewriteFile: a file rewritten in place is replaced once the rewrite succeeds;
// a failed one leaves it as it was and no temporary file beside it.
func TestRewriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.ismv")
	if err := os.WriteFile(path, []byte("clear"), 0o600); err != nil {
		t.Fatal(err)
	}
	upper := func(r io.Reader, w io.Writer) error {
		b, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		_, err = w.Write([]byte(strings.ToUpper(string(b))))
		return err
	}
	if n, err := RewriteFile(path, path, upper); err != nil || n != 5 {
		t.Fatalf("rewrite: %d %v", n, err)
	}
	failing := func(r io.Reader, w io.Writer) error {
		_, _ = w.Write([]byte("half"))
		return errors.New("fragment 3: truncated senc")
	}
	if _, err := RewriteFile(path, path, failing); err == nil || err.Error() != "fragment 3: truncated senc" {
		t.Errorf("failed rewrite: %v", err)
	}
	b, _ := os.ReadFile(path)
	ents, _ := os.ReadDir(dir)
	if string(b) != "CLEAR" || len(ents) != 1 {
		t.Errorf("after a failed rewrite: %q, %d files in the directory", b, len(ents))
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}
}
