package drm

import (
	"encoding/binary"
	"fmt"
)

// The PIFF 1.1 uuid boxes (§5.3.2, §5.3.3) that Smooth Streaming clients read for the
// encryption CENC keeps in 'tenc' and 'senc'.
var (
	// UUIDPIFFTrackEncryption is the PIFF TrackEncryptionBox's uuid, in 'schi'.
	UUIDPIFFTrackEncryption = [16]byte{0x89, 0x74, 0xdb, 0xce, 0x7b, 0xe7, 0x4c, 0x51, 0x84, 0xf9, 0x71, 0x48, 0xf9, 0x88, 0x25, 0x54}
	// UUIDPIFFSampleEncryption is the PIFF SampleEncryptionBox's uuid, in 'traf'.
	UUIDPIFFSampleEncryption = [16]byte{0xa2, 0x39, 0x4f, 0x52, 0x5a, 0x9b, 0x4f, 0x14, 0xa2, 0x44, 0x6c, 0x42, 0x7c, 0x64, 0x8d, 0xf4}
)

// PIFF AlgorithmID values (PIFF 1.1 §5.3.3).
const (
	AlgorithmClear  = 0
	AlgorithmAESCTR = 1
	AlgorithmAESCBC = 2
)

// TrackEncryption is what a 'tenc' or PIFF TrackEncryptionBox (or a PIFF senc's
// override) says of a track's samples.
type TrackEncryption struct {
	// AlgorithmID is the PIFF algorithm (0 clear, 1 AES-CTR, 2 AES-CBC).
	AlgorithmID uint32
	// IVSize is the per-sample IV size: 0 (a constant IV), 8 or 16.
	IVSize int
	KID    KeyID
}

// pifftencSize is the PIFF TrackEncryptionBox payload: version and flags, a 24-bit
// AlgorithmID, the IV size and the KID.
const pifftencSize = 4 + 3 + 1 + 16

// ParsePIFFTrackEncryption reads a PIFF TrackEncryptionBox payload (after the uuid).
func ParsePIFFTrackEncryption(p []byte) (TrackEncryption, error) {
	var te TrackEncryption
	if len(p) < pifftencSize {
		return te, fmt.Errorf("PIFF track encryption box: %d bytes, want %d", len(p), pifftencSize)
	}
	te.AlgorithmID = uint32(p[4])<<16 | uint32(p[5])<<8 | uint32(p[6])
	te.IVSize = int(p[7])
	copy(te.KID[:], p[8:24])
	return te, te.check("PIFF track encryption box")
}

func (te TrackEncryption) check(where string) error {
	if te.AlgorithmID > AlgorithmAESCBC {
		return fmt.Errorf("%s: unknown AlgorithmID %d", where, te.AlgorithmID)
	}
	if te.IVSize != 0 && te.IVSize != 8 && te.IVSize != 16 {
		return fmt.Errorf("%s: IV size %d, want 0, 8 or 16", where, te.IVSize)
	}
	return nil
}

// PIFFTrackEncryptionBox is the whole uuid box (header, uuid, payload).
func PIFFTrackEncryptionBox(te TrackEncryption) []byte {
	b := uuidBoxHeader(UUIDPIFFTrackEncryption, pifftencSize)
	p := b[24:]
	p[4], p[5], p[6] = byte(te.AlgorithmID>>16), byte(te.AlgorithmID>>8), byte(te.AlgorithmID)
	p[7] = byte(te.IVSize)
	copy(p[8:], te.KID[:])
	return b
}

// uuidBoxHeader allocates a uuid box of payload bytes and writes its size, type and uuid.
func uuidBoxHeader(uuid [16]byte, payload int) []byte {
	b := make([]byte, 24+payload)
	binary.BigEndian.PutUint32(b, uint32(len(b)))
	copy(b[4:], "uuid")
	copy(b[8:], uuid[:])
	return b
}
