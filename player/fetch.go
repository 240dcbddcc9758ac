package player

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/internal/bounded"
	"github.com/smoothie-player/smoothie/smooth"
)

// StatusError is an HTTP answer other than 2xx.
type StatusError struct {
	URL  string
	Code int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s: HTTP %d %s", e.URL, e.Code, http.StatusText(e.Code))
}

// errStalled: no body bytes for the stall timeout.
var errStalled = errors.New("transfer stalled")

// fetcher does single HTTP GETs with the session's headers and timeouts.
type fetcher struct {
	client  *http.Client
	header  http.Header
	ua      string
	session string
	stall   time.Duration
	// firstByte is the transport's wait for a response (when it is ours).
	firstByte time.Duration
	clock     Clock
	moved     atomic.Int64 // body bytes received by all transfers

	mu  sync.Mutex
	rnd *rand.Rand

	// Open requests and when the origin last sent anything (a response or body
	// bytes) while one was open: what "waiting for the origin" is measured from.
	wmu      sync.Mutex
	inflight int
	heard    time.Time
	answered bool // the origin sent something since the wait last began
}

func newFetcher(cfg *Config) *fetcher {
	tr := cfg.Transport
	var firstByte time.Duration
	if tr == nil {
		firstByte = cfg.FirstByteTimeout
		tr = &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second}).DialContext,
			TLSClientConfig:       cfg.TLS,
			TLSHandshakeTimeout:   cfg.ConnectTimeout,
			ResponseHeaderTimeout: cfg.FirstByteTimeout,
			MaxIdleConnsPerHost:   4,
			IdleConnTimeout:       90 * time.Second,
			ForceAttemptHTTP2:     true,
		}
	}
	if cfg.WrapTransport != nil {
		tr = cfg.WrapTransport(tr)
	}
	seed := uint64(cfg.Clock.Now().UnixNano())
	return &fetcher{
		client:    &http.Client{Transport: tr, CheckRedirect: checkRedirect},
		header:    cfg.Header,
		ua:        cfg.UserAgent,
		session:   cfg.SessionID,
		stall:     cfg.StallTimeout,
		firstByte: firstByte,
		clock:     cfg.Clock,
		rnd:       rand.New(rand.NewPCG(seed, 0x5eed)),
	}
}

// get fetches url once, up to limit bytes. It returns the body, the transfer figures
// and the response's header (a fragment's Content-Type may carry a Sparse Stream
// Pointer). progress, when set, hears where the body stands (see
// LoadRequest.Progress).
func (f *fetcher) get(ctx context.Context, url string, extra http.Header, limit int64, progress func(got, total int64)) ([]byte, abr.Transfer, http.Header, error) {
	var body []byte
	var hdr http.Header
	tr, _, err := f.stream(ctx, url, extra, func(r io.Reader, announced int64, _ string, h http.Header) error {
		hdr = h
		if progress != nil {
			progress(0, announced)
			var got int64
			r = &progressReader{r: r, progress: func(n int) { got += int64(n); progress(got, announced) }}
		}
		var err error
		body, err = bounded.ReadAll(r, limit, announced, nil)
		return err
	})
	if err != nil {
		body, hdr = nil, nil
	}
	return body, tr, hdr, err
}

// stream fetches url once and hands its body to read as it arrives, with the
// announced length (-1 when unknown), the final URL (after redirects) and the
// response's header; read
// bounds what it takes. The stall timer restarts on every read that returns
// bytes. It returns the transfer figures, the final URL, and read's error, or the
// stall or transport error that ended the body.
func (f *fetcher) stream(ctx context.Context, url string, extra http.Header, read func(body io.Reader, announced int64, final string, hdr http.Header) error) (abr.Transfer, string, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return abr.Transfer{}, url, fmt.Errorf("%s: %w", url, err)
	}
	for k, vs := range f.header {
		req.Header[k] = append([]string(nil), vs...)
	}
	for k, vs := range extra {
		req.Header[k] = vs
	}
	if f.ua != "" {
		req.Header.Set("User-Agent", f.ua)
	}
	req.Header.Set(SessionHeader, f.session)
	moved0 := f.moved.Load()
	t0 := f.clock.Now()
	f.open(t0)
	defer f.close()
	resp, err := f.client.Do(req)
	if err != nil {
		if f.firstByte > 0 && strings.Contains(err.Error(), "timeout awaiting response headers") {
			err = fmt.Errorf("%s: no response within %v (the first-byte timeout)", url, f.firstByte)
		}
		return abr.Transfer{}, url, err
	}
	defer resp.Body.Close()
	final := resp.Request.URL.String()
	ttfb := f.clock.Now().Sub(t0)
	f.hear()
	if resp.StatusCode/100 != 2 {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
		return abr.Transfer{}, final, &StatusError{URL: url, Code: resp.StatusCode}
	}
	timer := time.AfterFunc(f.stall, func() { cancel(errStalled) })
	defer timer.Stop()
	body := &progressReader{r: resp.Body, progress: func(n int) {
		f.moved.Add(int64(n))
		f.hear()
		timer.Reset(f.stall)
	}}
	if err := read(body, resp.ContentLength, final, resp.Header); err != nil {
		if c := context.Cause(ctx); c != nil && !errors.Is(c, context.Canceled) {
			err = fmt.Errorf("%s: %w after %d bytes", url, c, body.n)
		} else {
			err = fmt.Errorf("%s: body after %d bytes: %w", url, body.n, err)
		}
		return abr.Transfer{}, final, err
	}
	others := max(f.moved.Load()-moved0-body.n, 0)
	return abr.Transfer{Level: -1, Bytes: body.n, TTFB: ttfb, Duration: f.clock.Now().Sub(t0), ConcurrentBytes: others}, final, nil
}

// open counts a request made at now. The wait for the origin starts with the first
// request made after the origin last answered: retries of a request that got
// nothing go on counting from the first.
func (f *fetcher) open(now time.Time) {
	f.wmu.Lock()
	defer f.wmu.Unlock()
	if f.inflight == 0 && (f.answered || f.heard.IsZero()) {
		f.heard, f.answered = now, false
	}
	f.inflight++
}

func (f *fetcher) close() {
	f.wmu.Lock()
	defer f.wmu.Unlock()
	f.inflight--
}

// hear notes that the origin sent something.
func (f *fetcher) hear() {
	now := f.clock.Now()
	f.wmu.Lock()
	defer f.wmu.Unlock()
	f.heard, f.answered = now, true
}

// waiting is how long, at now, requests have been open with nothing from the
// origin (0 when none is open).
func (f *fetcher) waiting(now time.Time) time.Duration {
	f.wmu.Lock()
	defer f.wmu.Unlock()
	if f.inflight == 0 {
		return 0
	}
	return max(now.Sub(f.heard), 0)
}

// progressReader counts what it reads and reports every read that returned bytes.
type progressReader struct {
	r        io.Reader
	n        int64
	progress func(n int)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.n += int64(n)
		p.progress(n)
	}
	return n, err
}

// errRedirectScheme is a redirect to a scheme other than http and https (file://,
// ftp://…): refused, and not worth a retry.
var errRedirectScheme = errors.New("only http and https redirects are followed")

// checkRedirect follows up to 10 redirects, across hosts (CDNs do this), but
// never to another scheme.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return fmt.Errorf("redirected to %s: %w", req.URL, errRedirectScheme)
	}
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	return nil
}

// backoff is the wait before retry number attempt (0-based): base·2^attempt capped
// at max, times a jitter factor in [0.5, 1.5).
func backoff(attempt int, base, max time.Duration, jitter float64) time.Duration {
	d := base
	for i := 0; i < attempt && d < max; i++ {
		d *= 2
	}
	d = min(d, max)
	return time.Duration(float64(d) * (0.5 + jitter))
}

func (f *fetcher) jitter() float64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.rnd.Float64()
}

// maxFragment bounds what one fragment response may hold (manifests are capped by
// the parser, which reads them as they arrive).
const maxFragment = smooth.MaxFragmentSize
