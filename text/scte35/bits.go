package scte35

import "fmt"

// bitReader reads big-endian bit fields; a read past the end sets err and returns 0.
type bitReader struct {
	b   []byte
	pos int // in bits
	err error
	// what names the structure being read, for errors.
	what string
}

func (r *bitReader) bits(n int) uint64 {
	if r.err != nil {
		return 0
	}
	if r.pos+n > len(r.b)*8 {
		r.err = fmt.Errorf("%s: truncated at byte %d (wants %d more bits, %d left)", r.what, r.pos/8, n, len(r.b)*8-r.pos)
		return 0
	}
	var v uint64
	for i := 0; i < n; i++ {
		byt := r.b[(r.pos+i)/8]
		bit := (byt >> (7 - uint((r.pos+i)%8))) & 1
		v = v<<1 | uint64(bit)
	}
	r.pos += n
	return v
}

func (r *bitReader) flag() bool { return r.bits(1) == 1 }

func (r *bitReader) u8() uint8   { return uint8(r.bits(8)) }
func (r *bitReader) u16() uint16 { return uint16(r.bits(16)) }
func (r *bitReader) u32() uint32 { return uint32(r.bits(32)) }

// bytes reads n whole bytes (the reader must be byte aligned).
func (r *bitReader) bytes(n int) []byte {
	if r.err != nil {
		return nil
	}
	if r.pos%8 != 0 {
		r.err = fmt.Errorf("%s: unaligned byte read", r.what)
		return nil
	}
	start := r.pos / 8
	if n < 0 || start+n > len(r.b) {
		r.err = fmt.Errorf("%s: truncated at byte %d (wants %d bytes, %d left)", r.what, start, n, len(r.b)-start)
		return nil
	}
	r.pos += n * 8
	return append([]byte(nil), r.b[start:start+n]...)
}

func (r *bitReader) left() int { return len(r.b) - r.pos/8 }

// crc32MPEG is the MPEG-2 CRC-32 (polynomial 0x04C11DB7, initial 0xFFFFFFFF, no
// reflection, no final xor). Over a whole section including its CRC_32 it is zero.
func crc32MPEG(b []byte) uint32 {
	crc := uint32(0xFFFFFFFF)
	for _, c := range b {
		crc ^= uint32(c) << 24
		for i := 0; i < 8; i++ {
			if crc&0x80000000 != 0 {
				crc = crc<<1 ^ 0x04C11DB7
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}
