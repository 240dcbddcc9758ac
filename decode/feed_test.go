package decode

import (
	"errors"
	"io"
	"testing"

	"github.com/smoothie-player/smoothie/media"
)

// feedable is what Video and Audio share for the send/receive protocol.
type feedable[T any] interface {
	Send(media.Sample) error
	Receive() (*T, error)
	Flush() error
}

// feed sends samples to d, handing take every output as it comes; with flush it then
// drains d to its end. Any error fails the test.
func feed[T any](tb testing.TB, d feedable[T], samples []media.Sample, flush bool, take func(*T)) {
	tb.Helper()
	for _, s := range samples {
		if err := d.Send(s); err != nil {
			tb.Fatal(err)
		}
		for {
			out, err := d.Receive()
			if errors.Is(err, ErrNeedInput) {
				break
			}
			if err != nil {
				tb.Fatal(err)
			}
			take(out)
		}
	}
	if !flush {
		return
	}
	if err := d.Flush(); err != nil {
		tb.Fatal(err)
	}
	for {
		out, err := d.Receive()
		if err == io.EOF {
			return
		}
		if err != nil {
			tb.Fatal(err)
		}
		take(out)
	}
}
