package origin

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"github.com/smoothie-player/smoothie/drm"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"net/netip"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// Config configures a Server. The zero value of each field is a documented default.
type Config struct {
	// Dir is the directory served: every .ism under it is a presentation, every other
	// file is static content.
	Dir string
	// AccessLog receives the W3C extended access log (nil: none).
	AccessLog io.Writer
	// PlayerLog receives players' playback logs posted to /log as JSON lines (nil: /log
	// answers 404).
	PlayerLog io.Writer
	// MaxPlayerLogBody caps one POST /log body (default 256 KiB).
	MaxPlayerLogBody int64
	// ManifestMaxAge and FragmentMaxAge are the Cache-Control max-age of VOD manifests
	// (default 10 s) and fragments (default one year).
	ManifestMaxAge time.Duration
	FragmentMaxAge time.Duration
	// Now is the clock (default time.Now), a parameter so logs are testable.
	Now func() time.Time
	// Rate shapes what the origin sends (nil: unshaped): one bucket for all
	// connections, or one per connection with ShapePerConn.
	Rate         RateFunc
	ShapePerConn bool
	// Latency delays every response's first byte.
	Latency time.Duration
	// Live also serves every VOD presentation NAME.ism as a looping live channel at
	// NAME.isml, with a DVRWindow (default 60 s) and Lookahead tfrf entries (default 2).
	Live      bool
	DVRWindow time.Duration
	Lookahead int
	// LiveEpoch is when fragment time 0 is on live channels (default: New's time less
	// twice DVRWindow, so a new channel's window is full, the held-back lookahead
	// included, and its times stay below 2^53 ticks, as JavaScript players need). With ingest, a push stamped on the Unix
	// clock after LiveEpoch is re-based to it; any other push to its own start.
	LiveEpoch time.Time
	// Ingest accepts encoder pushes (POST /NAME.isml/Streams(ID)) from loopback and
	// IngestAllow, with IngestToken when set; a push silent for IngestIdle (default
	// 30 s) has stalled. Pushed streams are archived under Archive (default Dir).
	Ingest      bool
	IngestAllow []netip.Prefix
	IngestToken string
	IngestIdle  time.Duration
	Archive     string
	// CORS opens the origin to web pages on other origins: "" or "*" (the default)
	// lets every page read manifests, fragments and static files; CORSOff sends no
	// CORS headers; a comma-separated list of origins (http://host:port) opens
	// reading to those and, only then, ingest and POST /log too.
	CORS string
	// Faults are injected into fragment responses, deterministically for Seed.
	Faults []Fault
	Seed   uint64
	// Keys, when set, are answered as W3C ClearKey licences at POST /license
	// (LicensePath), to requests carrying "Authorization: Bearer LicenseToken" when
	// LicenseToken is set.
	Keys         drm.Keys
	LicenseToken string
	// Warnf reports presentations that could not be loaded (default: dropped).
	Warnf func(format string, args ...any)
}

func (c *Config) defaults() {
	if c.MaxPlayerLogBody == 0 {
		c.MaxPlayerLogBody = 256 << 10
	}
	if c.ManifestMaxAge == 0 {
		c.ManifestMaxAge = 10 * time.Second
	}
	if c.FragmentMaxAge == 0 {
		c.FragmentMaxAge = 365 * 24 * time.Hour
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.DVRWindow == 0 {
		c.DVRWindow = 60 * time.Second
	}
	if c.Lookahead == 0 {
		c.Lookahead = 2
	}
	if c.IngestIdle == 0 {
		c.IngestIdle = 30 * time.Second
	}
	if c.Warnf == nil {
		c.Warnf = func(string, ...any) {}
	}
}

// Server is the origin: an http.Handler over a directory of presentations.
type Server struct {
	cfg    Config
	root   *os.Root
	static http.Handler
	pres   map[string]*presentation
	live   map[string]*liveChannel
	names  []string
	// skipped holds why presentations failed to load, by path relative to Dir.
	skipped map[string]error
	access  *accessLog
	logMu   sync.Mutex
	global  *Shaper
	faults  *injector
	// ingestMu guards pres (the archive adds presentations) and points.
	ingestMu sync.RWMutex
	points   map[string]*publishingPoint
	archive  *os.Root
	cors     corsPolicy
	// epochGiven says Config.LiveEpoch was set, not defaulted.
	epochGiven bool
}

// New opens Dir and loads every .ism under it. A presentation that fails to load is
// reported through Warnf and skipped; the others are served.
func New(cfg Config) (*Server, error) {
	cfg.defaults()
	cors, err := parseCORS(cfg.CORS)
	if err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(cfg.Dir)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, root: root, pres: map[string]*presentation{}, live: map[string]*liveChannel{}, static: http.FileServerFS(root.FS()), cors: cors}
	if cfg.AccessLog != nil {
		s.access = newAccessLog(cfg.AccessLog, cfg.Now)
	}
	if cfg.Rate != nil && !cfg.ShapePerConn {
		s.global = NewShaper(cfg.Rate, cfg.Now)
	}
	s.faults = newInjector(cfg.Faults, cfg.Seed)
	s.epochGiven = !cfg.LiveEpoch.IsZero()
	if !s.epochGiven {
		s.cfg.LiveEpoch = cfg.Now().Add(-2 * cfg.DVRWindow)
	}
	s.points = map[string]*publishingPoint{}
	if cfg.Ingest {
		dir := cfg.Archive
		if dir == "" {
			dir = cfg.Dir
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			root.Close()
			return nil, fmt.Errorf("archive: %v", err)
		}
		if s.archive, err = os.OpenRoot(dir); err != nil {
			root.Close()
			return nil, fmt.Errorf("archive: %v", err)
		}
	}
	err = fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.EqualFold(path.Ext(p), ".ism") {
			return nil
		}
		pr, err := loadPresentation(root, p)
		if err != nil {
			cfg.Warnf("skipping %s: %v", filepath.Join(cfg.Dir, p), err)
			if s.skipped == nil {
				s.skipped = map[string]error{}
			}
			s.skipped[p] = err
			return nil
		}
		s.pres[strings.ToLower(p)] = pr
		s.names = append(s.names, p)
		if cfg.Live && !pr.manifest.IsLive {
			c, err := newLiveChannel(pr, s.cfg.LiveEpoch)
			if err != nil {
				cfg.Warnf("no live channel for %s: %v", filepath.Join(cfg.Dir, p), err)
				return nil
			}
			s.live[strings.ToLower(p)+"l"] = c
			s.names = append(s.names, p+"l")
		}
		return nil
	})
	if err != nil {
		s.Close()
		return nil, err
	}
	sort.Strings(s.names)
	s.checkFaultScopes()
	return s, nil
}

// checkFaultScopes warns, once at start, of a fault rule scoped to a stream or bitrate
// that no presentation has: it would never fire (unless a push brings one).
func (s *Server) checkFaultScopes() {
	if len(s.pres) == 0 {
		return
	}
	for _, f := range s.cfg.Faults {
		found := f.Stream == "" && f.Bitrate == 0
		for _, p := range s.pres {
			for name, ls := range p.levels {
				for _, l := range ls {
					found = found || (f.Stream == "" || strings.EqualFold(f.Stream, name)) && (f.Bitrate == 0 || f.Bitrate == l.q.Bitrate)
				}
			}
		}
		if !found {
			what := fmt.Sprintf("a stream named %q", f.Stream)
			if f.Stream == "" {
				what = fmt.Sprintf("a level at bitrate %d", f.Bitrate)
			}
			kind := string(f.Kind)
			if f.Kind == FaultStatus {
				kind = strconv.Itoa(f.Status)
			}
			s.cfg.Warnf("fault rule %s@%s: no presentation under %s has %s; it never fires on them", kind, cmp.Or(f.Stream, strconv.FormatUint(f.Bitrate, 10)), s.cfg.Dir, what)
		}
	}
}

// Presentations lists the served .ism paths relative to Dir.
func (s *Server) Presentations() []string { return append([]string(nil), s.names...) }

// Skipped says why the .ism files under Dir that New could not load were skipped,
// by path relative to Dir (slash-separated, as Presentations).
func (s *Server) Skipped() map[string]error { return maps.Clone(s.skipped) }

// Close releases the media files.
func (s *Server) Close() error {
	s.ingestMu.Lock()
	defer s.ingestMu.Unlock()
	for _, p := range s.pres {
		p.Close()
	}
	for _, pp := range s.points {
		for _, pu := range pp.pushes {
			if pu.arch != nil {
				pu.arch.f.Close()
			}
		}
	}
	if s.archive != nil {
		s.archive.Close()
	}
	return s.root.Close()
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	start := s.cfg.Now()
	if sw, err := s.shape(rec, r); err == nil {
		s.serve(sw, r)
	}
	if s.access != nil {
		s.access.write(r, rec, s.cfg.Now().Sub(start))
	}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if s.cors.apply(w, r, writeSide(r.URL.Path)) {
		return // an OPTIONS request, answered
	}
	if r.URL.Path == "/log" {
		s.playerLog(w, r)
		return
	}
	if r.URL.Path == LicensePath && len(s.cfg.Keys) > 0 {
		s.license(w, r)
		return
	}
	if why := badPath(r.URL.Path); why != "" {
		httpError(w, http.StatusBadRequest, why)
		return
	}
	req, err := smooth.ParseRequest(r.URL.Path)
	if errors.Is(err, smooth.ErrNotSmooth) {
		s.staticFile(w, r)
		return
	}
	if err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	if req.Kind == smooth.RequestIngest {
		s.ingest(w, r, req)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		httpError(w, http.StatusMethodNotAllowed, r.Method+" not allowed")
		return
	}
	key := strings.ToLower(strings.TrimPrefix(req.Dir+"/"+req.Presentation, "/"))
	s.ingestMu.RLock()
	pp, pushed := s.points[key]
	p, ok := s.pres[key]
	s.ingestMu.RUnlock()
	if pushed {
		switch req.Kind {
		case smooth.RequestManifest:
			s.ingestManifest(w, r, pp)
		case smooth.RequestFragment, smooth.RequestFragmentInfo:
			s.ingestFragment(w, r, pp, req)
		default:
			httpError(w, http.StatusNotImplemented, req.Kind.String()+" requests are not served on live publishing points")
		}
		return
	}
	if c, ok := s.live[key]; ok {
		switch req.Kind {
		case smooth.RequestManifest:
			s.liveManifest(w, r, c)
		case smooth.RequestFragment, smooth.RequestFragmentInfo:
			s.liveFragment(w, r, c, req)
		default:
			httpError(w, http.StatusNotImplemented, req.Kind.String()+" requests are not served on live channels")
		}
		return
	}
	if !ok {
		httpError(w, http.StatusNotFound, "no presentation "+req.Presentation)
		return
	}
	switch req.Kind {
	case smooth.RequestManifest:
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		w.Header().Set("Cache-Control", maxAge(s.cfg.ManifestMaxAge))
		w.Header().Set("ETag", p.etag)
		http.ServeContent(w, r, "", p.modTime, bytes.NewReader(p.xml))
	case smooth.RequestFragment, smooth.RequestFragmentInfo, smooth.RequestRawFragment, smooth.RequestKeyFrames:
		s.fragment(w, r, p, req)
	default:
		httpError(w, http.StatusNotImplemented, req.Kind.String()+" requests are not served by this origin")
	}
}

func (s *Server) fragment(w http.ResponseWriter, r *http.Request, p *presentation, req *smooth.Request) {
	l, err := p.find(req.Stream, req.Bitrate, req.Attributes)
	if err != nil {
		httpError(w, http.StatusNotFound, err.Error())
		return
	}
	ref, err := l.fragment(req.Time)
	if err != nil {
		httpError(w, http.StatusNotFound, err.Error())
		return
	}
	off, size := ref.offset, ref.size
	switch req.Kind {
	case smooth.RequestFragmentInfo:
		size = ref.moofSize
	case smooth.RequestRawFragment:
		off, size = ref.offset+ref.moofSize+ref.mdatHeader, ref.size-ref.moofSize-ref.mdatHeader
	}
	ct := "video/mp4"
	if l.stream.Type == media.KindAudio {
		ct = "audio/mp4"
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Cache-Control", maxAge(s.cfg.FragmentMaxAge))
	h.Set("ETag", fmt.Sprintf(`"%x-%x-%x-%s"`, l.file.modTime.UnixNano(), off, size, req.Kind))
	body := io.NewSectionReader(l.file.f, off, size)
	if req.Kind == smooth.RequestKeyFrames {
		s.keyFrames(w, r, l, body)
		return
	}
	if f := s.faults.pick(r.URL.Path, l.stream.Name, l.q.Bitrate); f != nil {
		s.inject(w, r, f, body, ref)
		return
	}
	if plainGet(r) && s.sendfile(w, l.file, off, size) {
		return
	}
	http.ServeContent(w, r, "", l.file.modTime, body)
}

// plainGet is a GET without Range or conditional headers: the common case that needs
// none of ServeContent's negotiation.
func plainGet(r *http.Request) bool {
	if r.Method != http.MethodGet {
		return false
	}
	for _, h := range []string{"Range", "If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range"} {
		if r.Header.Get(h) != "" {
			return false
		}
	}
	return true
}

// sendfile answers with the byte range through a file of its own, so the kernel copies
// file to socket (sendfile) when nothing shapes the response. It returns false, having
// written nothing, if the file cannot be opened again.
func (s *Server) sendfile(w http.ResponseWriter, mf *mediaFile, off, size int64) bool {
	f, err := s.root.Open(mf.name)
	if err != nil {
		return false
	}
	defer f.Close()
	if _, err := f.Seek(off, io.SeekStart); err != nil {
		return false
	}
	h := w.Header()
	h.Set("Last-Modified", mf.modTime.UTC().Format(http.TimeFormat))
	h.Set("Content-Length", strconv.FormatInt(size, 10))
	w.WriteHeader(http.StatusOK)
	io.Copy(w, io.LimitReader(f, size))
	return true
}

func (s *Server) staticFile(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		httpError(w, http.StatusMethodNotAllowed, r.Method+" not allowed")
		return
	}
	// What the file server would answer 500 (a symlink out of DIR, a name the system
	// refuses) is a 404 with the reason; missing files stay its own 404.
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" {
		name = "."
	}
	if strings.EqualFold(path.Base(name), drm.KeyFileName) {
		// pack's content keys beside a presentation: never served.
		httpError(w, http.StatusNotFound, "not served")
		return
	}
	if _, err := s.root.Stat(name); err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, fs.ErrPermission) {
		httpError(w, http.StatusNotFound, "not served: "+err.Error())
		return
	}
	s.static.ServeHTTP(w, r)
}

func maxAge(d time.Duration) string {
	return "public, max-age=" + strconv.Itoa(int(d/time.Second))
}

// httpError answers with a one-line plain-text reason.
func httpError(w http.ResponseWriter, code int, reason string) {
	h := w.Header()
	h.Del("ETag")
	h.Del("Cache-Control")
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	fmt.Fprintln(w, reason)
}
