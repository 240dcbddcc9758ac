package origin

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/smoothie-player/smoothie/abr/trace"
	"github.com/smoothie-player/smoothie/internal/shape"
)

// RateFunc gives the link rate in bits per second at a time since the shaper started;
// a constant for --rate, a replayed trace for --trace.
type RateFunc = shape.RateFunc

// Shaper limits the bytes the origin sends (one token bucket): shared by every
// connection (global) or made per connection (see Config.ShapePerConn).
type Shaper = shape.Shaper

// NewShaper starts a shaper at now.
func NewShaper(f RateFunc, now func() time.Time) *Shaper { return shape.New(f, now) }

// ConstantRate is a RateFunc for a fixed rate in bits per second.
func ConstantRate(bps float64) RateFunc { return shape.Constant(bps) }

// shapedWriter sends a response through shapers (a global and/or a per-connection one).
type shapedWriter struct {
	http.ResponseWriter
	ctx     context.Context
	shapers []*Shaper
}

func (w *shapedWriter) Write(b []byte) (int, error) {
	written := 0
	for len(b) > 0 {
		n := min(len(b), shape.Chunk)
		for _, s := range w.shapers {
			if err := s.Wait(w.ctx, n); err != nil {
				return written, err
			}
		}
		m, err := w.ResponseWriter.Write(b[:n])
		written += m
		if err != nil {
			return written, err
		}
		b = b[n:]
	}
	return written, nil
}

// Unwrap lets http.ResponseController reach the connection.
func (w *shapedWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// connShaperKey carries a connection's own shaper in the request context.
type connShaperKey struct{}

// ConnContext gives each connection its own shaper when Config.ShapePerConn is set; use
// it as http.Server.ConnContext.
func (s *Server) ConnContext(ctx context.Context, _ net.Conn) context.Context {
	if s.cfg.Rate == nil || !s.cfg.ShapePerConn {
		return ctx
	}
	return context.WithValue(ctx, connShaperKey{}, NewShaper(s.cfg.Rate, s.cfg.Now))
}

// shape wraps w with the configured shapers, and waits out the configured latency.
func (s *Server) shape(w http.ResponseWriter, r *http.Request) (http.ResponseWriter, error) {
	if s.cfg.Latency > 0 {
		t := time.NewTimer(s.cfg.Latency)
		select {
		case <-r.Context().Done():
			t.Stop()
			return w, r.Context().Err()
		case <-t.C:
		}
	}
	var shapers []*Shaper
	if s.global != nil {
		shapers = append(shapers, s.global)
	}
	if cs, ok := r.Context().Value(connShaperKey{}).(*Shaper); ok {
		shapers = append(shapers, cs)
	}
	if len(shapers) == 0 {
		return w, nil
	}
	return &shapedWriter{ResponseWriter: w, ctx: r.Context(), shapers: shapers}, nil
}

// ParseRate reads a link rate in bits per second: "2Mbps", "2M", "500kbps", "1.5Mbit/s",
// "800000" (bits per second). Units are decimal (k = 1000).
func ParseRate(s string) (float64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, suf := range []string{"bit/s", "bps", "b/s"} {
		t = strings.TrimSuffix(t, suf)
	}
	mult := 1.0
	switch {
	case strings.HasSuffix(t, "k"):
		mult, t = 1e3, strings.TrimSuffix(t, "k")
	case strings.HasSuffix(t, "m"):
		mult, t = 1e6, strings.TrimSuffix(t, "m")
	case strings.HasSuffix(t, "g"):
		mult, t = 1e9, strings.TrimSuffix(t, "g")
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	if err != nil || v <= 0 || v*mult > 1e12 {
		return 0, fmt.Errorf("rate %q: want a positive rate like 2Mbps, 500kbps or 800000", s)
	}
	return v * mult, nil
}

// TraceRate is a RateFunc replaying a throughput trace over wall time (wrapping at its end).
func TraceRate(t *trace.Trace) RateFunc { return shape.Trace(t) }
