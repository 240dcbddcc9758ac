package drm

import (
	"crypto/aes"
	"crypto/cipher"
	"fmt"
)

// Schemes a Decrypter knows: ISO/IEC 23001-7 'cenc' (AES-CTR) and 'cbcs' (AES-CBC with a
// crypt:skip pattern), and PIFF 1.1 'piff' (AES-CTR, as 'cenc').
const (
	SchemeCENC = "cenc"
	SchemeCBCS = "cbcs"
	SchemePIFF = "piff"
)

// Decrypter decrypts the samples of one track with one key.
type Decrypter struct {
	scheme      string
	block       cipher.Block
	crypt, skip int // cbcs pattern, in 16-byte blocks
	constantIV  []byte
}

// DecrypterConfig is a track's encryption as its init segment gives it.
type DecrypterConfig struct {
	// Scheme is SchemeCENC, SchemeCBCS or SchemePIFF.
	Scheme string
	// CryptByteBlock and SkipByteBlock are the cbcs pattern (1 and 9 for video; 0 and 0
	// for whole-sample encryption, as audio has).
	CryptByteBlock, SkipByteBlock int
	// ConstantIV is the tenc's constant IV (cbcs), used when a sample has none.
	ConstantIV []byte
}

// NewDecrypter makes a Decrypter for a track; an unknown scheme is an error.
func NewDecrypter(c DecrypterConfig, key Key) (*Decrypter, error) {
	switch c.Scheme {
	case SchemeCENC, SchemeCBCS, SchemePIFF:
	default:
		return nil, fmt.Errorf("encryption scheme %q: not supported (want cenc, cbcs or piff)", c.Scheme)
	}
	if len(c.ConstantIV) != 0 && len(c.ConstantIV) != 8 && len(c.ConstantIV) != 16 {
		return nil, fmt.Errorf("constant IV of %d bytes, want 8 or 16", len(c.ConstantIV))
	}
	block, err := aes.NewCipher(key.value[:])
	if err != nil {
		return nil, err
	}
	return &Decrypter{scheme: c.Scheme, block: block, crypt: c.CryptByteBlock, skip: c.SkipByteBlock, constantIV: c.ConstantIV}, nil
}

// Scheme is the decrypter's scheme.
func (d *Decrypter) Scheme() string { return d.scheme }

// DecryptSample decrypts one sample in place. Subsamples that reach past the sample,
// or a sample without an IV where the track has no constant IV, are errors.
func (d *Decrypter) DecryptSample(data []byte, si SampleInfo) error {
	iv := si.IV
	if len(iv) == 0 {
		iv = d.constantIV
	}
	if len(iv) != 8 && len(iv) != 16 {
		return fmt.Errorf("sample IV of %d bytes, want 8 or 16", len(iv))
	}
	var iv16 [16]byte
	copy(iv16[:], iv)
	total := 0
	for _, s := range si.Subsamples {
		total += int(s.Clear) + int(s.Protected)
	}
	if total > len(data) {
		return fmt.Errorf("subsamples cover %d bytes, the sample has %d", total, len(data))
	}
	ranges := si.Subsamples
	if len(ranges) == 0 {
		ranges = []Subsample{{Protected: uint32(len(data))}}
	}
	if d.scheme == SchemeCBCS {
		d.cbcs(data, iv16[:], ranges)
		return nil
	}
	ctr := cipher.NewCTR(d.block, iv16[:])
	pos := 0
	for _, s := range ranges {
		pos += int(s.Clear)
		p := data[pos : pos+int(s.Protected)]
		ctr.XORKeyStream(p, p)
		pos += int(s.Protected)
	}
	return nil
}

// cbcs decrypts each protected range with CBC from the sample's IV: crypt blocks
// encrypted then skip blocks clear, over and over; a pattern with no skip encrypts every
// whole block; a partial block at a range's end is clear.
func (d *Decrypter) cbcs(data, iv []byte, ranges []Subsample) {
	pos := 0
	for _, s := range ranges {
		pos += int(s.Clear)
		p := data[pos : pos+int(s.Protected)]
		pos += int(s.Protected)
		cbc := cipher.NewCBCDecrypter(d.block, iv)
		if d.skip == 0 {
			n := len(p) &^ 15
			cbc.CryptBlocks(p[:n], p[:n])
			continue
		}
		crypt, skip := 16*d.crypt, 16*d.skip
		for off := 0; len(p)-off >= crypt; off += crypt + skip {
			cbc.CryptBlocks(p[off:off+crypt], p[off:off+crypt])
		}
	}
}
