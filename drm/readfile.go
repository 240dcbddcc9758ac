package drm

import (
	"fmt"
	"os"
)

// MaxFileSize caps a file ProtectFile or DecryptFile is given: they hold it whole in
// memory (a few times its size at peak), so a larger one is refused, not read.
const MaxFileSize = 1 << 30

// ReadMediaFile reads a media file for ProtectFile or DecryptFile, refusing one over
// MaxFileSize before reading it.
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
