package origin

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// accessLog writes the W3C extended log format IIS writes.
type accessLog struct {
	mu  sync.Mutex
	w   *bufio.Writer
	out io.Writer
	now func() time.Time
}

const w3cFields = "date time s-ip cs-method cs-uri-stem cs-uri-query s-port c-ip cs(User-Agent) sc-status sc-bytes time-taken"

func newAccessLog(w io.Writer, now func() time.Time) *accessLog {
	a := &accessLog{w: bufio.NewWriter(w), out: w, now: now}
	fmt.Fprintf(a.w, "#Software: smoothie origin\n#Version: 1.0\n#Date: %s\n#Fields: %s\n", now().UTC().Format("2006-01-02 15:04:05"), w3cFields)
	a.w.Flush()
	return a
}

// w3c renders a field value: "-" for empty, spaces as "+" (as IIS does).
func w3c(s string) string {
	if s == "" {
		return "-"
	}
	return strings.ReplaceAll(s, " ", "+")
}

func (a *accessLog) write(r *http.Request, rec *recorder, took time.Duration) {
	t := a.now().UTC()
	sip, sport := "-", "-"
	if addr, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		if h, p, err := net.SplitHostPort(addr.String()); err == nil {
			sip, sport = h, p
		}
	}
	cip := r.RemoteAddr
	if h, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		cip = h
	}
	line := fmt.Sprintf("%s %s %s %s %s %s %s %s %s %d %d %d\n",
		t.Format("2006-01-02"), t.Format("15:04:05"), sip, w3c(r.Method), w3c(r.URL.EscapedPath()), w3c(r.URL.RawQuery),
		sport, w3c(cip), w3c(r.UserAgent()), rec.status, rec.bytes, took.Milliseconds())
	a.mu.Lock()
	a.w.WriteString(line)
	a.w.Flush()
	a.mu.Unlock()
}

// recorder captures the status and body size of a response.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// ReadFrom keeps the connection's sendfile path when the writer underneath has one.
func (r *recorder) ReadFrom(src io.Reader) (int64, error) {
	r.wrote = true
	if rf, ok := r.ResponseWriter.(io.ReaderFrom); ok {
		n, err := rf.ReadFrom(src)
		r.bytes += n
		return n, err
	}
	n, err := io.Copy(struct{ io.Writer }{r.ResponseWriter}, src)
	r.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the connection (flush, deadlines).
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
