// Package bounded reads bodies whole with a cap, holding them once: into one
// buffer sized from the announced length, or, when none is announced, into blocks
// joined once at the end (a doubling buffer's copies cost several times a large
// body before the collector catches up).
package bounded

import (
	"fmt"
	"io"
)

// Block sizes while the length is unknown: the first block is small (most bodies
// are), later ones grow to maxBlock.
const (
	firstBlock = 64 << 10
	maxBlock   = 4 << 20
)

// ReadAll reads r to the end, refusing more than max bytes and, when announced ≥ 0,
// a body shorter than announced. progress (may be nil) gets the count of every read
// that returned bytes. On an error it returns what was read so far.
func ReadAll(r io.Reader, max, announced int64, progress func(n int)) ([]byte, error) {
	var blocks [][]byte
	var total int64
	size := int64(firstBlock)
	if announced >= 0 && announced <= max {
		size = announced + 1 // +1: room for the read that sees EOF, or a byte past the announced length
	}
	for {
		b := make([]byte, 0, size)
		full, err := fill(&b, r, progress)
		blocks = append(blocks, b)
		total += int64(len(b))
		if total > max {
			return join(blocks, total), fmt.Errorf("larger than %d bytes", max)
		}
		if err != nil {
			return join(blocks, total), err
		}
		if !full {
			if announced >= 0 && total < announced {
				return join(blocks, total), fmt.Errorf("truncated: %d of %d bytes", total, announced)
			}
			return join(blocks, total), nil
		}
		size = min(2*size, maxBlock)
	}
}

// fill reads into b's spare capacity until it is full (true) or r ends (false, nil)
// or fails.
func fill(b *[]byte, r io.Reader, progress func(n int)) (bool, error) {
	for len(*b) < cap(*b) {
		n, err := r.Read((*b)[len(*b):cap(*b)])
		*b = (*b)[:len(*b)+n]
		if n > 0 && progress != nil {
			progress(n)
		}
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			return false, err
		}
	}
	return true, nil
}

// join copies blocks into one slice of total bytes.
func join(blocks [][]byte, total int64) []byte {
	if len(blocks) == 1 {
		return blocks[0]
	}
	out := make([]byte, 0, total)
	for _, b := range blocks {
		out = append(out, b...)
	}
	return out
}
