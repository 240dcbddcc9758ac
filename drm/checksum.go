package drm

import (
	"bytes"
	"crypto/aes"
	"fmt"
)

// KeyChecksum is the PlayReady header's key check value for k: the first 8 bytes of
// the KID (as the little-endian GUID the header stores) encrypted with the key in
// AES-ECB. It names the key without revealing it.
func KeyChecksum(k Key) []byte {
	block, _ := aes.NewCipher(k.value[:]) // 16 bytes: never fails
	var out [16]byte
	block.Encrypt(out[:], GUIDToUUID(k.ID[:]))
	return out[:8]
}

// CheckKey says whether k is the key the header names for k's KID: nil when it is,
// or when the header has no checksum for that KID; an error naming the KID when the
// checksum does not match (a wrong key).
func (h *PlayReadyHeader) CheckKey(k Key) error {
	for i, id := range h.KIDs {
		if !bytes.Equal(id, k.ID[:]) || i >= len(h.Checksums) || len(h.Checksums[i]) == 0 {
			continue
		}
		if !bytes.Equal(h.Checksums[i], KeyChecksum(k)) {
			return fmt.Errorf("wrong key for KID %s: the PlayReady header's checksum does not match", k.ID)
		}
	}
	return nil
}
