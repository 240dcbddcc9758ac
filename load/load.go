// Package load runs many virtual viewers against a Smooth Streaming origin or a
// cache in front of one (`smoothie load`). Each viewer is a real player session
// (manifest, refresh, scheduler, retries, the ABR engine, the buffer and the
// clock) with the decoder-free pipeline (player.NullDecoders, DiscardMedia): what
// it asks of the origin is what a player would ask, at a tiny fraction of a
// player's CPU and memory. The run reports, per viewer and across them, the QoE
// each one got, and says when the load generator itself is the bottleneck.
package load

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http"
	"runtime"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/internal/shape"
	"github.com/smoothie-player/smoothie/player"
)

// Config configures a run.
type Config struct {
	// URL of the client manifest.
	URL string
	// Viewers is how many viewers play; For how long the run lasts; the viewers
	// start spread evenly over Ramp (0: all at once) and play until the run ends
	// (a VOD presentation loops, a live one plays on).
	Viewers int
	For     time.Duration
	Ramp    time.Duration
	// NewPolicy makes each viewer's ABR engine (nil: the smoothie engine).
	NewPolicy func() abr.Policy
	// Buffer is each viewer's buffer target (0: the player's default); Quality
	// pins the video level (zero: automatic).
	Buffer  time.Duration
	Quality player.Quality
	// Links shape each viewer's link, client-side: viewer i gets Links[i %
	// len(Links)] (nil: unshaped).
	Links []Link
	// CMCD, Header and UserAgent as in `smoothie play`; TLS for https origins.
	CMCD      bool
	Header    http.Header
	UserAgent string
	TLS       *tls.Config
	// Progress, when set, gets a snapshot of the run every second.
	Progress func(Progress)
}

// Link is one shape of link a viewer plays over (a trace file replayed from the
// viewer's start).
type Link struct {
	Name string
	Rate shape.RateFunc
}

// Run plays the viewers until cfg.For has passed or ctx ends, and reports. A URL
// that does not open (not a manifest, refused, 404) fails the run once, before
// the other viewers start.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.URL == "" || cfg.Viewers < 1 || cfg.For <= 0 || cfg.Ramp < 0 {
		return nil, fmt.Errorf("load: want a URL, at least one viewer and a positive duration (got %d viewers for %v)", cfg.Viewers, cfg.For)
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.For)
	defer cancel()
	start := time.Now()
	r := &run{cfg: cfg, start: start}
	r.self = newSelfMonitor()
	go r.self.watch(ctx)
	first := r.startViewer(ctx, 0)
	if err := first.opened(ctx); err != nil {
		cancel()
		r.wg.Wait()
		return nil, err
	}
	var pwg sync.WaitGroup
	pwg.Add(1)
	go func() { defer pwg.Done(); r.progress(ctx) }()
	for i := 1; i < cfg.Viewers; i++ {
		at := start.Add(time.Duration(int64(cfg.Ramp) * int64(i) / int64(cfg.Viewers)))
		if !sleepUntil(ctx, at) {
			break
		}
		r.startViewer(ctx, i)
	}
	<-ctx.Done()
	r.wg.Wait()
	pwg.Wait()
	return r.report(time.Since(start)), nil
}

// run is one load run.
type run struct {
	cfg     Config
	start   time.Time
	all     counters
	self    *selfMonitor
	wg      sync.WaitGroup
	mu      sync.Mutex
	viewers []*viewer
}

// viewer is one virtual viewer.
type viewer struct {
	id      int
	link    string
	s       *player.Session
	c       counters
	started time.Time
	done    chan struct{} // closed when Run returned
	err     error         // Run's error (valid once done is closed)
}

func (r *run) startViewer(ctx context.Context, id int) *viewer {
	v := &viewer{id: id, started: time.Now(), done: make(chan struct{})}
	// Each viewer has the player's own transport (its own connections, timeouts
	// and TLS), counted and shaped.
	tr := &transport{viewer: &v.c, all: &r.all}
	if n := len(r.cfg.Links); n > 0 {
		l := r.cfg.Links[id%n]
		v.link, tr.shaper = l.Name, shape.New(l.Rate, nil)
	}
	pcfg := player.Config{URL: r.cfg.URL, BufferTarget: r.cfg.Buffer, Quality: r.cfg.Quality, TLS: r.cfg.TLS,
		CMCD: r.cfg.CMCD, Header: r.cfg.Header, UserAgent: r.cfg.UserAgent, DiscardMedia: true, Loop: true,
		WrapTransport: func(base http.RoundTripper) http.RoundTripper { tr.base = base; return tr }}
	if r.cfg.NewPolicy != nil {
		pcfg.Policy = r.cfg.NewPolicy()
	}
	player.NullDecoders(&pcfg)
	s, err := player.New(pcfg)
	r.mu.Lock()
	r.viewers = append(r.viewers, v)
	r.mu.Unlock()
	if err != nil {
		v.err = err
		close(v.done)
		return v
	}
	v.s = s
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		v.err = s.Run(ctx)
		if v.err != nil && ctx.Err() != nil {
			v.err = nil // the end of the run, not a failure
		}
		close(v.done)
	}()
	return v
}

// opened waits until the viewer's session has its manifest (or fails): the
// first viewer checks the URL for all of them.
func (v *viewer) opened(ctx context.Context) error {
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-v.done:
			if v.err != nil {
				return v.err
			}
			return nil
		case <-ctx.Done():
			return nil
		case <-t.C:
			if v.s.Stats().State != player.StateLoading {
				return nil
			}
		}
	}
}

// failed is the viewer's fatal error, "" while it plays or when it ended well.
func (v *viewer) failed() string {
	select {
	case <-v.done:
		if v.err != nil {
			return v.err.Error()
		}
	default:
	}
	return ""
}

// snapshot is the run's viewers now.
func (r *run) snapshot() []*viewer {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*viewer(nil), r.viewers...)
}

// sleepUntil waits until t or ctx's end; it reports whether t came.
func sleepUntil(ctx context.Context, t time.Time) bool {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err() == nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-timer.C:
		return true
	}
}

// cores is how many cores the run may use.
func cores() int { return max(1, min(runtime.GOMAXPROCS(0), runtime.NumCPU())) }
