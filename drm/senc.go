package drm

import (
	"encoding/binary"
	"fmt"
)

// Sample encryption flags ('senc', ISO/IEC 23001-7 §7.2; PIFF 1.1 §5.3.2).
const (
	sencOverride   = 0x1 // PIFF: AlgorithmID, IV size and KID precede the samples
	sencSubsamples = 0x2
)

// maxBarrenSamples bounds the sample count of a box whose samples take no bytes
// (a constant IV, no subsamples): far more than a fragment holds.
const maxBarrenSamples = 1 << 16

// Subsample is one clear-then-protected run of a sample.
type Subsample struct {
	Clear     uint16
	Protected uint32
}

// SampleInfo is one sample's encryption: its IV (empty with a constant IV) and its
// subsamples (none: the whole sample is protected).
type SampleInfo struct {
	IV         []byte
	Subsamples []Subsample
}

// SampleEncryption is a 'senc' or PIFF SampleEncryptionBox.
type SampleEncryption struct {
	// Override is the PIFF box's own track encryption (flag 0x1), nil otherwise.
	Override *TrackEncryption
	Samples  []SampleInfo
}

// HasSubsamples says whether any sample has subsamples.
func (se *SampleEncryption) HasSubsamples() bool {
	for _, s := range se.Samples {
		if len(s.Subsamples) > 0 {
			return true
		}
	}
	return false
}

// ParseSampleEncryption reads a 'senc' payload, or a PIFF SampleEncryptionBox payload
// after its uuid, whose IVs are ivSize bytes (the track's; a PIFF override wins). Every
// count is checked against the bytes there before anything is allocated, and bytes
// left over are an error (they mean a wrong IV size).
func ParseSampleEncryption(p []byte, ivSize int) (*SampleEncryption, error) {
	if len(p) < 8 {
		return nil, fmt.Errorf("sample encryption box: %d bytes, want at least 8", len(p))
	}
	flags := binary.BigEndian.Uint32(p) & 0xffffff
	off := 4
	se := &SampleEncryption{}
	if flags&sencOverride != 0 {
		if len(p) < off+20+4 {
			return nil, fmt.Errorf("sample encryption box: override at byte %d truncated", off)
		}
		te := TrackEncryption{AlgorithmID: uint32(p[off])<<16 | uint32(p[off+1])<<8 | uint32(p[off+2]), IVSize: int(p[off+3])}
		copy(te.KID[:], p[off+4:off+20])
		if err := te.check("sample encryption box override"); err != nil {
			return nil, err
		}
		se.Override = &te
		ivSize = te.IVSize
		off += 20
	}
	if ivSize != 0 && ivSize != 8 && ivSize != 16 {
		return nil, fmt.Errorf("sample encryption box: IV size %d, want 0, 8 or 16", ivSize)
	}
	n := int(binary.BigEndian.Uint32(p[off:]))
	off += 4
	per := ivSize
	if flags&sencSubsamples != 0 {
		per += 2
	}
	if per > 0 && n > (len(p)-off)/per || per == 0 && n > maxBarrenSamples {
		return nil, fmt.Errorf("sample encryption box: %d samples of at least %d bytes, %d bytes there", n, per, len(p)-off)
	}
	se.Samples = make([]SampleInfo, n)
	for i := range se.Samples {
		s := &se.Samples[i]
		if len(p)-off < ivSize {
			return nil, fmt.Errorf("sample encryption box: sample %d IV at byte %d truncated", i, off)
		}
		if ivSize > 0 {
			s.IV = p[off : off+ivSize : off+ivSize]
			off += ivSize
		}
		if flags&sencSubsamples == 0 {
			continue
		}
		if len(p)-off < 2 {
			return nil, fmt.Errorf("sample encryption box: sample %d subsample count at byte %d truncated", i, off)
		}
		m := int(binary.BigEndian.Uint16(p[off:]))
		off += 2
		if m*6 > len(p)-off {
			return nil, fmt.Errorf("sample encryption box: sample %d has %d subsamples at byte %d, %d bytes there", i, m, off, len(p)-off)
		}
		s.Subsamples = make([]Subsample, m)
		for j := range s.Subsamples {
			s.Subsamples[j] = Subsample{Clear: binary.BigEndian.Uint16(p[off:]), Protected: binary.BigEndian.Uint32(p[off+2:])}
			off += 6
		}
	}
	if off != len(p) {
		return nil, fmt.Errorf("sample encryption box: %d bytes left after %d samples (IV size %d wrong?)", len(p)-off, n, ivSize)
	}
	return se, nil
}

// MarshalSampleEncryption is the payload of a 'senc' (or of a PIFF SampleEncryptionBox
// after its uuid): version 0, the subsample flag when any sample has subsamples, the
// PIFF override when se.Override is set (a 'senc' has none), the IVs as they are
// (every IV must have the same size, the override's when there is one).
func MarshalSampleEncryption(se *SampleEncryption) ([]byte, error) {
	sub := se.HasSubsamples()
	size := 8
	ivSize := -1
	if o := se.Override; o != nil {
		size += 20
		ivSize = o.IVSize
	}
	for i, s := range se.Samples {
		if ivSize >= 0 && len(s.IV) != ivSize {
			return nil, fmt.Errorf("sample encryption: sample %d has a %d-byte IV, sample 0 %d", i, len(s.IV), ivSize)
		}
		ivSize = len(s.IV)
		size += len(s.IV)
		if sub {
			size += 2 + 6*len(s.Subsamples)
		}
	}
	b := make([]byte, size)
	if sub {
		b[3] = sencSubsamples
	}
	off := 4
	if o := se.Override; o != nil {
		b[3] |= sencOverride
		b[4], b[5], b[6], b[7] = byte(o.AlgorithmID>>16), byte(o.AlgorithmID>>8), byte(o.AlgorithmID), byte(o.IVSize)
		copy(b[8:24], o.KID[:])
		off = 24
	}
	binary.BigEndian.PutUint32(b[off:], uint32(len(se.Samples)))
	off += 4
	for _, s := range se.Samples {
		off += copy(b[off:], s.IV)
		if !sub {
			continue
		}
		binary.BigEndian.PutUint16(b[off:], uint16(len(s.Subsamples)))
		off += 2
		for _, ss := range s.Subsamples {
			binary.BigEndian.PutUint16(b[off:], ss.Clear)
			binary.BigEndian.PutUint32(b[off+2:], ss.Protected)
			off += 6
		}
	}
	return b, nil
}

// PIFFSampleEncryptionBox is the whole PIFF SampleEncryptionBox (header, uuid, payload).
func PIFFSampleEncryptionBox(se *SampleEncryption) ([]byte, error) {
	p, err := MarshalSampleEncryption(se)
	if err != nil {
		return nil, err
	}
	b := uuidBoxHeader(UUIDPIFFSampleEncryption, len(p))
	copy(b[24:], p)
	return b, nil
}
