package origin

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/smoothie-player/smoothie/smooth"
)

// CORS: web players (dash.js, Shaka Player) run in pages served from another origin
// than the media, so the browser sends an Origin header, preflights requests with
// custom headers (OPTIONS), and hides response headers unless they are exposed.
//
// The read side of the origin (manifests, fragments, static files, anything served
// by GET/HEAD) opens to the configured origins; the write side (ingest pushes,
// POST /log) opens only to origins named explicitly, never to "*".

// CORSOff is the Config.CORS value that sends no CORS headers at all.
const CORSOff = "off"

// corsExposed are the response headers a cross-origin page may read: what players
// use for throughput (Content-Length), clock sync (Date), caching, ranges, and our
// own session and fault markers.
var corsExposed = strings.Join([]string{
	"Content-Length", "Content-Range", "Date", "ETag", "Last-Modified", "Age",
	SessionHeader, "X-Smoothie-Fault",
}, ", ")

// corsMaxAge is how long (seconds) a browser may cache a preflight answer.
const corsMaxAge = "600"

// corsPolicy is the parsed Config.CORS.
type corsPolicy struct {
	off     bool
	any     bool            // "*": every origin may read
	origins map[string]bool // named origins (scheme://host[:port]), lower case
}

// parseCORS reads a Config.CORS value: "" or "*" (every origin may read), "off", or
// a comma-separated list of origins such as http://localhost:3000.
func parseCORS(spec string) (corsPolicy, error) {
	spec = strings.TrimSpace(spec)
	switch strings.ToLower(spec) {
	case "", "*":
		return corsPolicy{any: true}, nil
	case CORSOff:
		return corsPolicy{off: true}, nil
	}
	p := corsPolicy{origins: map[string]bool{}}
	for _, o := range strings.Split(spec, ",") {
		o = strings.TrimSpace(o)
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
			return corsPolicy{}, fmt.Errorf("cors origin %q: want *, off or scheme://host[:port] (comma-separated)", o)
		}
		p.origins[strings.ToLower(u.Scheme+"://"+u.Host)] = true
	}
	return p, nil
}

// CheckCORS says what is wrong with a Config.CORS value (nil: New accepts it).
func CheckCORS(spec string) error {
	_, err := parseCORS(spec)
	return err
}

// allowed returns the Access-Control-Allow-Origin value for a request from origin to
// the read side (write false) or the write side (write true), "" for none.
func (p corsPolicy) allowed(origin string, write bool) string {
	switch {
	case p.off:
		return ""
	case p.any && !write:
		return "*"
	case origin != "" && p.origins[strings.ToLower(origin)]:
		return origin
	}
	return ""
}

// apply sets the CORS headers of a response and answers a preflight itself: it
// returns true when r was an OPTIONS request and has been answered. write says the
// path is the write side (ingest, /log).
func (p corsPolicy) apply(w http.ResponseWriter, r *http.Request, write bool) bool {
	h := w.Header()
	origin := r.Header.Get("Origin")
	allow := p.allowed(origin, write)
	if len(p.origins) > 0 {
		h.Add("Vary", "Origin") // the answer depends on who asks
	}
	methods := "GET, HEAD, OPTIONS"
	if write || r.URL.Path == LicensePath {
		methods = "POST, OPTIONS"
	}
	if allow != "" {
		h.Set("Access-Control-Allow-Origin", allow)
		h.Set("Access-Control-Expose-Headers", corsExposed)
	}
	if r.Method != http.MethodOptions {
		return false
	}
	h.Set("Allow", methods)
	if allow != "" && r.Header.Get("Access-Control-Request-Method") != "" {
		h.Set("Access-Control-Allow-Methods", methods)
		if rh := r.Header.Get("Access-Control-Request-Headers"); rh != "" {
			h.Set("Access-Control-Allow-Headers", rh)
			h.Add("Vary", "Access-Control-Request-Headers")
		}
		h.Set("Access-Control-Max-Age", corsMaxAge)
	}
	h.Set("Content-Length", "0")
	w.WriteHeader(http.StatusNoContent)
	return true
}

// writeSide says whether path is one a page may only reach when its origin is named:
// POST /log and ingest pushes.
func writeSide(path string) bool {
	if path == "/log" {
		return true
	}
	req, err := smooth.ParseRequest(path)
	return err == nil && req.Kind == smooth.RequestIngest
}
