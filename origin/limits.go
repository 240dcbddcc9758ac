package origin

import (
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Limits are the bounds of an origin on an open port: what one client may hold
// and how long it may take, so that idle, slow or greedy clients cannot take the
// origin down for the others.
type Limits struct {
	// MaxConns caps open connections (default 4096); one more is answered 503 with
	// the reason and closed.
	MaxConns int
	// ReadHeaderTimeout bounds a request's headers (default 10 s), MaxHeaderBytes
	// their size (default 64 KiB: larger is answered 431), IdleTimeout a kept-alive
	// connection between requests (default 120 s).
	ReadHeaderTimeout time.Duration
	MaxHeaderBytes    int
	IdleTimeout       time.Duration
	// WriteTimeout bounds the writing of one GET or HEAD response (default 120 s),
	// so a client that reads at a trickle, or not at all, is let go; pushes (POST)
	// have none. ReadTimeout bounds a request's body (default 60 s; a push sets its
	// own deadline box by box).
	WriteTimeout time.Duration
	ReadTimeout  time.Duration
}

func (l *Limits) defaults() {
	if l.MaxConns <= 0 {
		l.MaxConns = 4096
	}
	if l.ReadHeaderTimeout <= 0 {
		l.ReadHeaderTimeout = 10 * time.Second
	}
	if l.MaxHeaderBytes <= 0 {
		l.MaxHeaderBytes = 64 << 10
	}
	if l.IdleTimeout <= 0 {
		l.IdleTimeout = 120 * time.Second
	}
	if l.WriteTimeout <= 0 {
		l.WriteTimeout = 120 * time.Second
	}
	if l.ReadTimeout <= 0 {
		l.ReadTimeout = 60 * time.Second
	}
}

// Serve serves s on ln within l until the returned server is shut down.
func (s *Server) Serve(ln net.Listener, l Limits) (*http.Server, <-chan error) {
	l.defaults()
	hs := &http.Server{
		Handler:           deadlines(s, l.ReadTimeout, l.WriteTimeout),
		ConnContext:       s.ConnContext,
		ReadHeaderTimeout: l.ReadHeaderTimeout,
		MaxHeaderBytes:    l.MaxHeaderBytes,
		IdleTimeout:       l.IdleTimeout,
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(LimitListener(ln, l.MaxConns)) }()
	return hs, errc
}

// deadlines sets each request's socket deadlines (real time): a GET or HEAD
// response written within write; another request's body read within read, and
// its answer (a push's, after hours) without a write deadline, cleared on a
// kept-alive connection.
func deadlines(h http.Handler, read, write time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		now := time.Now()
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			rc.SetWriteDeadline(now.Add(write))
		} else {
			// A GET has no body: a read deadline would only cut its background
			// read, and with it the request's context.
			rc.SetReadDeadline(now.Add(read))
			rc.SetWriteDeadline(time.Time{})
		}
		h.ServeHTTP(w, r)
	})
}

// LimitListener accepts at most max connections at a time; one more is answered
// "503 too many connections" at once and closed, so a client learns why instead
// of waiting in the backlog.
func LimitListener(ln net.Listener, max int) net.Listener {
	return &limitListener{Listener: ln, max: max}
}

type limitListener struct {
	net.Listener
	max  int
	mu   sync.Mutex
	open int
}

func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		l.mu.Lock()
		ok := l.open < l.max
		if ok {
			l.open++
		}
		l.mu.Unlock()
		if ok {
			return &limitedConn{Conn: c, l: l}, nil
		}
		go refuse(c, l.max)
	}
}

// refuse answers a connection over the cap and closes it.
func refuse(c net.Conn, max int) {
	defer c.Close()
	body := fmt.Sprintf("too many connections: this origin serves %d at a time\n", max)
	c.SetDeadline(time.Now().Add(2 * time.Second))
	fmt.Fprintf(c, "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
}

type limitedConn struct {
	net.Conn
	l    *limitListener
	once sync.Once
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() {
		c.l.mu.Lock()
		c.l.open--
		c.l.mu.Unlock()
	})
	return err
}
