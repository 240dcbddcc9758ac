package smooth

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// capReader reads at most left bytes of r and then fails with ErrTooLarge: a
// document is read as it is parsed, so the cap is enforced on the way.
type capReader struct {
	r    io.Reader
	left int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, errManifestTooLarge
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

var errManifestTooLarge = fmt.Errorf("manifest %w: more than %d MiB", ErrTooLarge, MaxManifestSize>>20)

// oddReader fails a UTF-16 document whose byte count is odd (the transcoder would
// end it with a replacement character instead).
type oddReader struct {
	r io.Reader
	n int64
}

func (o *oddReader) Read(p []byte) (int, error) {
	n, err := o.r.Read(p)
	o.n += int64(n)
	if err == io.EOF && o.n%2 != 0 {
		return n, fmt.Errorf("%w (%d)", errOddUTF16, o.n)
	}
	return n, err
}

var errOddUTF16 = errors.New("UTF-16 document has an odd number of bytes")

// recordingReader keeps the error its reader returned (other than io.EOF), so the
// parser tells a failed read from malformed XML.
type recordingReader struct {
	r   io.Reader
	err error
}

func (r *recordingReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		r.err = err
	}
	return n, err
}

// sniffHead is how much of a document Sniff sees before parsing starts.
const sniffHead = 512

// openDocument checks that what r holds is an XML document (Sniff on its first
// bytes) and returns it as UTF-8, read as it is consumed: a byte order mark is
// dropped and UTF-16 (detectEncoding) transcoded on the way.
func openDocument(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(&capReader{r: r, left: MaxManifestSize}, 64<<10)
	head, err := br.Peek(sniffHead)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	if k, box := Sniff(head); k != DocXML && (k != DocEmpty || len(head) < sniffHead) {
		return nil, &NotXMLError{Kind: k, Box: box}
	}
	e := detectEncoding(head)
	br.Discard(e.bom)
	if !e.utf16 {
		return br, nil
	}
	order := unicode.LittleEndian
	if e.order == binary.BigEndian {
		order = unicode.BigEndian
	}
	dec := unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder()
	return transform.NewReader(&oddReader{r: br}, dec), nil
}
