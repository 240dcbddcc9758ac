package drm

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// MaxFileSize caps a file read whole (ReadMediaFile: an init segment for
// DecryptStream); media files go through ProtectStream and DecryptStream a fragment
// at a time.
const MaxFileSize = 1 << 30

// ReadMediaFile reads a file whole, refusing one over MaxFileSize before reading it.
func ReadMediaFile(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Size() > MaxFileSize {
		return nil, fmt.Errorf("%s: %d bytes, more than the %d MiB a file is encrypted or decrypted in memory", path, st.Size(), MaxFileSize>>20)
	}
	return os.ReadFile(path)
}

// RewriteFile runs fn from the file src to the file dst (which may be src: it is
// replaced once fn succeeds) through a temporary file beside dst, removed when fn or
// a write fails, and returns the bytes written. fn reads and writes as it goes
// (ProtectStream, DecryptStream), so the file's size does not matter.
func RewriteFile(src, dst string, fn func(io.Reader, io.Writer) error) (n int64, err error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".*.tmp")
	if err != nil {
		return 0, err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	cw := &countWriter{w: tmp}
	if err = fn(in, cw); err != nil {
		return 0, err
	}
	if cw.err != nil {
		return 0, cw.err
	}
	if err = tmp.Chmod(0o644); err != nil {
		return 0, err
	}
	if err = tmp.Close(); err != nil {
		return 0, err
	}
	if err = os.Rename(tmp.Name(), dst); err != nil {
		return 0, err
	}
	return cw.n, nil
}

// countWriter counts what it writes, keeping the first error.
type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}
