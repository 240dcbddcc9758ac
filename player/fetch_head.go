package player

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/smoothie-player/smoothie/abr"
)

// maxHeadBox bounds one box other than mdat that getHead keeps (a moof with its
// sample tables: a few KB, a 60 s text fragment's at most a few hundred).
const maxHeadBox = 4 << 20

// getHead fetches a fragment as get does but keeps only the boxes around its
// media: every box but mdat is read whole (at most maxHeadBox each), each mdat's
// payload is read and discarded, counted in mdat. The transfer is what the link
// carried, the whole response. A session that does not decode (Config.DiscardMedia)
// parses the moof from head for the samples' times and sizes and holds no media.
func (f *fetcher) getHead(ctx context.Context, url string, extra http.Header, limit int64, progress func(got, total int64)) (head []byte, mdat int64, tr abr.Transfer, hdr http.Header, err error) {
	tr, _, err = f.stream(ctx, url, extra, func(r io.Reader, announced int64, _ string, h http.Header) error {
		hdr = h
		if progress != nil {
			progress(0, announced)
			var got int64
			r = &progressReader{r: r, progress: func(n int) { got += int64(n); progress(got, announced) }}
		}
		var err error
		head, mdat, err = readHead(r, limit)
		return err
	})
	if err != nil {
		head, mdat, hdr = nil, 0, nil
	}
	return head, mdat, tr, hdr, err
}

// readHead reads boxes from r to its end: it keeps each box that is not an mdat
// and discards mdat payloads, returning the kept bytes and the mdat payload bytes.
// The whole response is bounded by limit, a kept box by maxHeadBox.
func readHead(r io.Reader, limit int64) ([]byte, int64, error) {
	var head []byte
	var mdat, pos int64
	var hdr [16]byte
	for {
		n, err := io.ReadFull(r, hdr[:8])
		if err == io.EOF {
			return head, mdat, nil
		}
		if err != nil {
			return nil, 0, fmt.Errorf("box header at offset %d: %d of 8 bytes", pos, n)
		}
		size, hlen := int64(binary.BigEndian.Uint32(hdr[:4])), int64(8)
		typ := string(hdr[4:8])
		switch size {
		case 1: // 64-bit size
			if _, err := io.ReadFull(r, hdr[8:16]); err != nil {
				return nil, 0, fmt.Errorf("%q box at offset %d: truncated 64-bit size", typ, pos)
			}
			size, hlen = int64(binary.BigEndian.Uint64(hdr[8:16])), 16
		case 0: // to the end of the response
			size = -1
		}
		if size >= 0 && size < hlen {
			return nil, 0, fmt.Errorf("%q box at offset %d: size %d is smaller than its header", typ, pos, size)
		}
		if size > limit-pos || size < 0 && typ != "mdat" {
			return nil, 0, fmt.Errorf("%q box at offset %d: %d bytes, past the %d MiB a fragment may have", typ, pos, size, limit>>20)
		}
		if typ == "mdat" {
			rest := io.Reader(r)
			if size >= 0 {
				rest = io.LimitReader(r, size-hlen)
			}
			got, err := io.Copy(io.Discard, io.LimitReader(rest, limit-pos-hlen+1))
			if err != nil {
				return nil, 0, err
			}
			if size >= 0 && got < size-hlen {
				return nil, 0, fmt.Errorf("mdat at offset %d: %d of %d payload bytes: %w", pos, got, size-hlen, io.ErrUnexpectedEOF)
			}
			if pos+hlen+got > limit {
				return nil, 0, fmt.Errorf("mdat at offset %d: past the %d MiB a fragment may have", pos, limit>>20)
			}
			mdat += got
			pos += hlen + got
			if size < 0 {
				return head, mdat, nil
			}
			continue
		}
		if size > maxHeadBox {
			return nil, 0, fmt.Errorf("%q box at offset %d: %d bytes, past the %d MiB a box other than mdat may have", typ, pos, size, maxHeadBox>>20)
		}
		start := len(head)
		head = append(head, hdr[:hlen]...)
		head = append(head, make([]byte, size-hlen)...)
		if _, err := io.ReadFull(r, head[start+int(hlen):]); err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return nil, 0, fmt.Errorf("%q box at offset %d: %w", typ, pos, err)
		}
		pos += size
	}
}
