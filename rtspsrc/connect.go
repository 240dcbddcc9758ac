package rtspsrc

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"syscall"

	"github.com/asticode/go-astiav"
	"github.com/smoothie-player/smoothie/decode"
)

// conn is one RTSP session with the server: the demuxer, the transport it ended
// up on and any packet read while choosing it.
type conn struct {
	dem       *decode.Demuxer
	transport string
	pending   []decode.Packet
}

// connect opens an RTSP session on the configured transport. auto tries UDP and
// takes TCP interleaved when the server refuses UDP (its SETUP fails) or no packet
// comes over UDP within UDPWait (a firewall, a NAT): the packet that decided is
// kept in pending.
func (s *Source) connect(ctx context.Context) (*conn, error) {
	tr := s.cfg.Transport
	if strings.HasPrefix(strings.ToLower(s.cfg.URL), "rtsps://") {
		tr = "tcp"
	}
	if tr != "auto" {
		d, err := s.open(ctx, tr)
		if err != nil {
			return nil, err
		}
		return &conn{dem: d, transport: tr}, nil
	}
	d, err := s.open(ctx, "udp")
	if err != nil {
		if ctx.Err() != nil || errors.Is(err, errNoAnswer) {
			return nil, err
		}
		s.host.Logf("rtsp: UDP refused (%v): TCP interleaved", err)
		// A server may still be tearing down what the refused SETUP prepared
		// (GStreamer's answers 5XX meanwhile): a second try after RetryBase.
		if d, err = s.open(ctx, "tcp"); err != nil && ctx.Err() == nil && !errors.Is(err, errNoAnswer) {
			t := s.host.Clock().NewTimer(s.cfg.RetryBase)
			select {
			case <-ctx.Done():
				t.Stop()
				return nil, ctx.Err()
			case <-t.C():
			}
			d, err = s.open(ctx, "tcp")
		}
		if err != nil {
			return nil, err
		}
		return &conn{dem: d, transport: "tcp"}, nil
	}
	p, err := d.Read(s.cfg.UDPWait)
	if err == nil {
		return &conn{dem: d, transport: "udp", pending: []decode.Packet{p}}, nil
	}
	d.Close()
	if !errors.Is(err, decode.ErrTimeout) {
		return nil, err
	}
	s.host.Logf("rtsp: no RTP packet over UDP in %v: TCP interleaved", s.cfg.UDPWait)
	if d, err = s.open(ctx, "tcp"); err != nil {
		return nil, err
	}
	return &conn{dem: d, transport: "tcp"}, nil
}

// open is one DESCRIBE/SETUP/PLAY on transport tr, bounded by ConnectTimeout.
func (s *Source) open(ctx context.Context, tr string) (*decode.Demuxer, error) {
	d, err := decode.OpenDemuxer(ctx, s.cfg.URL, decode.DemuxOptions{Format: "rtsp", Options: s.cfg.options(tr), OpenTimeout: s.cfg.ConnectTimeout})
	if err != nil {
		if errors.Is(err, decode.ErrTimeout) {
			return nil, fmt.Errorf("rtsp %s: %w in %v (connect timeout)", decode.Redact(s.cfg.URL), errNoAnswer, s.cfg.ConnectTimeout)
		}
		if errors.Is(err, astiav.Error(-int(syscall.ECONNREFUSED))) {
			return nil, fmt.Errorf("rtsp %s: %w", decode.Redact(s.cfg.URL), errNoAnswer)
		}
		return nil, fmt.Errorf("rtsp %s over %s: %w", decode.Redact(s.cfg.URL), tr, unwrapDemux(err))
	}
	return d, nil
}

// errNoAnswer: the server did not answer at all (another transport will not help).
var errNoAnswer = errors.New("no answer")

// unwrapDemux drops the demuxer's own "demux URL: " prefix (the caller names the URL).
func unwrapDemux(err error) error {
	if u := errors.Unwrap(err); u != nil && strings.HasPrefix(err.Error(), "demux ") {
		return u
	}
	return err
}
