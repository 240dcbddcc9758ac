package load

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/smoothie-player/smoothie/internal/shape"
)

// counters are a viewer's (or the run's) requests, bytes and errors by kind.
type counters struct {
	requests atomic.Int64
	bytes    atomic.Int64
	mu       sync.Mutex
	errors   map[string]int
}

func (c *counters) fail(kind string) {
	c.mu.Lock()
	if c.errors == nil {
		c.errors = map[string]int{}
	}
	c.errors[kind]++
	c.mu.Unlock()
}

// errorsByKind is a copy of the errors counted so far.
func (c *counters) errorsByKind() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int, len(c.errors))
	for k, n := range c.errors {
		out[k] = n
	}
	return out
}

// transport is a viewer's view of the network: it counts every request the
// session makes (redirects included: each is a request the origin logs), what the
// responses carried and how requests failed, in the viewer's counters and the
// run's, and shapes the response bodies through the viewer's own link (--trace).
type transport struct {
	base   http.RoundTripper
	viewer *counters
	all    *counters
	shaper *shape.Shaper // nil: unshaped
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.viewer.requests.Add(1)
	t.all.requests.Add(1)
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		if kind := errorKind(req.Context(), err); kind != "" {
			t.viewer.fail(kind)
			t.all.fail(kind)
		}
		return nil, err
	}
	if resp.StatusCode >= 400 {
		kind := "http " + strconv.Itoa(resp.StatusCode)
		t.viewer.fail(kind)
		t.all.fail(kind)
	}
	body := io.Reader(resp.Body)
	if t.shaper != nil {
		body = shape.Reader(req.Context(), body, t.shaper)
	}
	resp.Body = &countedBody{r: body, c: resp.Body, t: t, ctx: req.Context()}
	return resp, nil
}

// countedBody counts a response body's bytes as they are read, and a body that
// ends in an error (not the session's own cancel: an abandoned download, the end of
// the run) as cut.
type countedBody struct {
	r   io.Reader
	c   io.Closer
	t   *transport
	ctx context.Context
	bad bool
}

func (b *countedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if n > 0 {
		b.t.viewer.bytes.Add(int64(n))
		b.t.all.bytes.Add(int64(n))
	}
	if err != nil && err != io.EOF && !b.bad {
		b.bad = true
		if kind := errorKind(b.ctx, err); kind != "" {
			kind = "cut: " + kind
			b.t.viewer.fail(kind)
			b.t.all.fail(kind)
		}
	}
	return n, err
}

func (b *countedBody) Close() error { return b.c.Close() }

// errorKind names a request's failure for the error counts: "" for the session's
// own cancel (a request given up, a download abandoned, the end of the run).
func errorKind(ctx context.Context, err error) string {
	var ne net.Error
	switch {
	case ctx.Err() != nil && errors.Is(err, ctx.Err()), errors.Is(err, context.Canceled):
		return ""
	case errors.Is(err, syscall.ECONNREFUSED):
		return "refused"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return "reset"
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "closed"
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ne) && ne.Timeout(),
		strings.Contains(err.Error(), "timeout awaiting response headers"):
		return "timeout"
	}
	return "other"
}
