package player

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/drm"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// smoothSource is the Smooth Streaming Source: the client manifest (fetched with
// retries, refreshed while live), the tracks' timelines (grown by tfrf and merged
// from refreshes), and fragments over HTTP. Its state is its own, under its lock;
// it calls its host without holding it.
type smoothSource struct {
	cfg   *Config
	fetch *fetcher
	host  SourceHost

	mu         sync.Mutex
	manURL     *url.URL
	man        *smooth.Manifest
	base       time.Duration
	based      bool // base is set (by the first Select)
	duration   time.Duration
	tracks     []*smoothTrack
	selected   []*smoothTrack
	st         SourceStats
	edge       time.Duration // the live edge when Timing last saw it move, at edgeAt
	edgeAt     time.Time
	refreshNow chan struct{} // a track asks the refresh loop for a manifest
	badPointer bool          // a Sparse Stream Pointer did not parse (logged once)
	// prot decrypts the samples of a protected presentation (nil: clear).
	prot *protection
}

// newSmoothSource plays the client manifest at u with cfg's HTTP settings.
func newSmoothSource(cfg *Config, u *url.URL) *smoothSource {
	return &smoothSource{cfg: cfg, fetch: newFetcher(cfg), manURL: u, refreshNow: make(chan struct{}, 1)}
}

// Open implements Source: it fetches the manifest (retrying server errors with
// backoff) and lists its streams.
func (s *smoothSource) Open(ctx context.Context, host SourceHost) (*Presentation, error) {
	s.host = host
	var m *smooth.Manifest
	var final string
	var err error
	t0 := host.Clock().Now()
	for attempt := 0; ; attempt++ {
		m, final, err = s.getManifest(ctx, s.manURL.String())
		if err == nil || ctx.Err() != nil || attempt >= s.cfg.Retries {
			break
		}
		wait := backoff(attempt, s.cfg.RetryBase, s.cfg.RetryMax, s.fetch.jitter())
		if host.Clock().Now().Sub(t0)+wait+s.cfg.FirstByteTimeout > s.cfg.ManifestGiveUp {
			break // the next attempt could not answer in time
		}
		var se *StatusError
		if errors.As(err, &se) && se.Code >= 400 && se.Code < 500 && se.Code != 408 && se.Code != 429 {
			break
		}
		if errors.As(err, new(*documentError)) || errors.Is(err, errRedirectScheme) {
			break
		}
		host.Errorf("manifest: %v (retrying)", err)
		if !Sleep(ctx, host.Clock(), wait) {
			break
		}
	}
	var de *documentError
	if errors.As(err, &de) && de.html {
		return nil, fmt.Errorf("manifest %s: %w", final, err)
	}
	if err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	fu, err := url.Parse(final)
	if err != nil {
		fu = s.manURL
	}
	for _, w := range m.Warnings {
		host.Logf("manifest %s: %s", final, w)
	}
	prot, err := newProtection(m, s.cfg.Keys, func(laURL string, kid drm.KeyID) (drm.Key, error) {
		return s.license(ctx, laURL, kid)
	})
	if err != nil {
		return nil, err
	}
	if prot != nil && prot.desc() != "" {
		host.Logf("%s", prot.desc())
	}
	s.mu.Lock()
	s.prot = prot
	defer s.mu.Unlock()
	s.manURL, s.man = fu, m
	p := &Presentation{Live: m.IsLive}
	for _, si := range m.Streams {
		t := newSmoothTrack(s, si, s.cfg.CheckCodec)
		s.tracks = append(s.tracks, t)
		p.Tracks = append(p.Tracks, t)
	}
	s.duration = m.DurationTime()
	if m.IsLive {
		s.duration = 0 // unknown until the broadcast ends (the window's end is not the end)
	}
	p.Duration = s.duration
	return p, nil
}

// Select implements Source; the presentation start is the latest first fragment
// time of the selected tracks.
func (s *smoothSource) Select(tracks []SourceTrack) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.selected = s.selected[:0]
	for _, t := range tracks {
		if st, ok := t.(*smoothTrack); ok {
			s.selected = append(s.selected, st)
			if !s.based {
				s.base = max(s.base, smooth.Seconds(st.si.Timeline.Start(), st.si.TimeScale))
			}
		}
	}
	s.based = true
	return s.base
}

// Timing implements Source.
func (s *smoothSource) Timing() Timing {
	s.mu.Lock()
	defer s.mu.Unlock()
	tm := Timing{Live: s.live(), Duration: s.duration}
	lead := s.lead()
	if !tm.Live || lead == nil {
		return tm
	}
	tm.Edge, tm.Oldest, tm.Fragment = s.liveEdge(lead), s.dvrStart(lead), s.liveFragment()
	if last, ok := lead.si.Timeline.Last(); ok {
		tm.Last = lead.chunk(last)
	}
	n := 1 + s.man.LookaheadCount
	if s.tfrfMissing() {
		n++
	}
	tm.MinLatency = time.Duration(n) * tm.Fragment
	tm.Window = smooth.Seconds(s.man.DVRWindowLength, s.man.TimeScale)
	tm.Lookahead = s.man.LookaheadCount
	if tm.Edge != s.edge || s.edgeAt.IsZero() {
		s.edge, s.edgeAt = tm.Edge, s.host.Clock().Now()
	}
	tm.EdgeAt = s.edgeAt
	return tm
}

// Stats implements Source.
func (s *smoothSource) Stats() SourceStats {
	s.mu.Lock()
	st := s.st
	if s.prot != nil {
		st.Protection = s.prot.desc()
		st.VideoKID, st.AudioKID = s.prot.kid(media.KindVideo), s.prot.kid(media.KindAudio)
	}
	s.mu.Unlock()
	st.Waiting = s.fetch.waiting(s.fetch.clock.Now())
	return st
}

// protection is the presentation's protection: the manifest's, else, once a
// fragment mf of a track of kind k (nil: none yet) is encrypted, one learned from
// the fragments.
func (s *smoothSource) protection(mf *smooth.MediaFragment, k media.Kind) *protection {
	s.mu.Lock()
	learned := s.prot == nil && mf != nil && mf.Encryption != "" && k != media.KindText
	if learned {
		s.prot = fragmentProtection(s.cfg.Keys)
	}
	p, host := s.prot, s.host
	s.mu.Unlock()
	if learned && host != nil {
		host.Logf("%s fragment at t=%d is encrypted (%s), and the manifest has no ProtectionHeader", k, mf.Time, mf.Encryption)
	}
	return p
}

// live reports whether the presentation is live; the caller holds s.mu.
func (s *smoothSource) live() bool { return s.man != nil && s.man.IsLive }

// lead is the selected track positions snap to: video, else audio; the caller holds
// s.mu.
func (s *smoothSource) lead() *smoothTrack {
	for _, k := range []media.Kind{media.KindVideo, media.KindAudio} {
		for _, t := range s.selected {
			if t.si.Type == k {
				return t
			}
		}
	}
	return nil
}

func (s *smoothSource) manifestURL() *url.URL {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.manURL
}

// documentError is a manifest that arrived whole but does not parse: fetching it
// again would not help.
type documentError struct {
	err  error
	html bool // an HTML page: the error names the URL, not the parser's position
}

func (e *documentError) Error() string { return e.err.Error() }
func (e *documentError) Unwrap() error { return e.err }

// getManifest fetches the client manifest at u once and parses it as it arrives
// (the document is never held whole). A transfer that fails is the fetch's error; a
// document that does not parse is a *documentError.
func (s *smoothSource) getManifest(ctx context.Context, u string) (*smooth.Manifest, string, error) {
	var m *smooth.Manifest
	var perr error
	in := &headReader{}
	ctx, cancel := context.WithTimeoutCause(ctx, s.cfg.ManifestTimeout,
		fmt.Errorf("not received whole within %v", s.cfg.ManifestTimeout))
	defer cancel()
	_, final, err := s.fetch.stream(ctx, u, nil, func(r io.Reader, _ int64, final string, _ http.Header) error {
		in.r = r
		m, perr = smooth.ParseManifest(in, final)
		return in.err
	})
	if err != nil {
		return nil, final, err
	}
	if perr != nil && looksHTML(in.head) {
		return nil, final, &documentError{fmt.Errorf("the server answered with an HTML page, not a Smooth Streaming manifest"), true}
	}
	if perr != nil {
		return nil, final, &documentError{perr, false}
	}
	return m, final, nil
}

// headReader keeps the first bytes of a document (to say what it was when it
// does not parse) and the error a read ended with.
type headReader struct {
	r    io.Reader
	head []byte
	err  error
}

func (h *headReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	if k := min(n, 512-len(h.head)); k > 0 {
		h.head = append(h.head, p[:k]...)
	}
	if err != nil && err != io.EOF {
		h.err = err
	}
	return n, err
}

func looksHTML(b []byte) bool {
	h := strings.ToLower(strings.TrimSpace(string(b[:min(len(b), 512)])))
	return strings.HasPrefix(h, "<!doctype html") || strings.HasPrefix(h, "<html")
}
