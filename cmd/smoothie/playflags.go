package main

import (
	"fmt"
	"net/url"
	"strings"
)

// maxThreads bounds --threads: FFmpeg's H.264 and HEVC decoders use at most 16
// frame threads and warn above; a thousand threads only exhaust the process.
const maxThreads = 64

// check returns the first flag value play cannot use, naming the flag.
func (f *playFlags) check() error {
	switch {
	case f.buffer <= 0:
		return fmt.Errorf("--buffer %v: must be positive", f.buffer)
	case f.dur < 0:
		return fmt.Errorf("--for/--duration %v: must not be negative", f.dur)
	case f.threads < 0 || f.threads > maxThreads:
		return fmt.Errorf("--threads %d: want 0 (one per core) to %d", f.threads, maxThreads)
	case f.liveLatency < 0:
		return fmt.Errorf("--live-latency %v: must not be negative", f.liveLatency)
	}
	for _, h := range f.headers {
		k, v, _ := strings.Cut(h, ":")
		if !validHeaderName(strings.TrimSpace(k)) {
			return fmt.Errorf("--header %q: %q is not a header name", h, strings.TrimSpace(k))
		}
		if !validHeaderValue(v) {
			return fmt.Errorf("--header %q: the value holds a control character (a line break?)", h)
		}
	}
	if !validHeaderValue(f.userAgent) {
		return fmt.Errorf("--user-agent %q: holds a control character (a line break?)", f.userAgent)
	}
	if f.logURL != "" {
		u, err := url.Parse(f.logURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("--log-url %q: want an http(s) URL, e.g. http://127.0.0.1:8080/log", f.logURL)
		}
	}
	return nil
}

// validHeaderName: an HTTP token (RFC 9110 5.1).
func validHeaderName(k string) bool {
	if k == "" {
		return false
	}
	for _, c := range []byte(k) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
		if !ok {
			return false
		}
	}
	return true
}

// validHeaderValue: no control characters but tab (RFC 9110 5.5).
func validHeaderValue(v string) bool {
	for _, c := range []byte(v) {
		if c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}
