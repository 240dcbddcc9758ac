package rtspsrc

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Config configures a Source. Zero fields take the documented defaults.
type Config struct {
	// URL is the rtsp:// or rtsps:// URL; credentials in it (rtsp://user:pass@host/)
	// are used for the server's basic or digest authentication, as libavformat does.
	URL string
	// Transport is "auto" (default: UDP, then TCP interleaved when no packet came
	// over UDP in UDPWait), "udp" or "tcp".
	Transport string
	// UserAgent is sent on every RTSP request ("" libavformat's own).
	UserAgent string
	// Buffer is the jitter buffer (default 200 ms): how long libavformat holds
	// packets to put them back in order, and how much the session keeps played
	// behind what has arrived beyond one chunk.
	Buffer time.Duration
	// Chunk is how much media the source hands out at a time (default 40 ms: a frame at
	// 25 fps, so that the session plays the jitter buffer and about a frame behind).
	Chunk time.Duration
	// ConnectTimeout bounds connecting and the first DESCRIBE/SETUP/PLAY (default
	// 10 s); ReadTimeout is how long no packet may come before the server counts as
	// gone and is reconnected (default 3 s); UDPWait is auto's wait for a first
	// packet over UDP (default 2 s).
	ConnectTimeout time.Duration
	ReadTimeout    time.Duration
	UDPWait        time.Duration
	// Window is how much received media is kept behind the newest (default 30 s).
	Window time.Duration
	// RetryBase and RetryMax pace reconnection: the wait doubles from RetryBase
	// (default 250 ms) up to RetryMax (default 2 s). The session gives up through
	// --live-give-up (its live edge standing still).
	RetryBase, RetryMax time.Duration
}

func (c *Config) defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if c.Transport == "" {
		c.Transport = "auto"
	}
	def(&c.Buffer, 200*time.Millisecond)
	def(&c.Chunk, 40*time.Millisecond)
	def(&c.ConnectTimeout, 10*time.Second)
	def(&c.ReadTimeout, 3*time.Second)
	def(&c.UDPWait, 2*time.Second)
	def(&c.Window, 30*time.Second)
	def(&c.RetryBase, 250*time.Millisecond)
	def(&c.RetryMax, 2*time.Second)
}

// IsURL reports whether u is an RTSP URL this package plays.
func IsURL(u string) bool {
	l := strings.ToLower(u)
	return strings.HasPrefix(l, "rtsp://") || strings.HasPrefix(l, "rtsps://")
}

// check validates c after defaults.
func (c *Config) check() error {
	if !IsURL(c.URL) {
		return fmt.Errorf("rtsp: %q is not an rtsp:// or rtsps:// URL", c.URL)
	}
	if _, err := url.Parse(c.URL); err != nil {
		return fmt.Errorf("rtsp: URL: %w", err)
	}
	switch c.Transport {
	case "auto", "udp", "tcp":
	default:
		return fmt.Errorf("rtsp: --rtsp-transport %q: want auto, tcp or udp", c.Transport)
	}
	if strings.HasPrefix(strings.ToLower(c.URL), "rtsps://") && c.Transport == "udp" {
		return fmt.Errorf("rtsp: --rtsp-transport udp with rtsps://: RTSP over TLS sends its media interleaved (tcp)")
	}
	return nil
}

// options are libavformat's rtsp demuxer options for transport tr.
func (c *Config) options(tr string) map[string]string {
	o := map[string]string{
		"rtsp_transport": tr,
		// The reorder queue waits this long for a missing packet (µs): the jitter
		// buffer less a chunk, so that it gives up on a hole before the playhead
		// (a chunk and the buffer behind the edge) comes to it.
		"max_delay": fmt.Sprint(max(c.Buffer-c.Chunk, c.Buffer/2).Microseconds()),
		// Socket I/O timeout (µs): a silent server fails the read.
		"timeout": fmt.Sprint(c.ConnectTimeout.Microseconds()),
		// Probe the streams for a frame (40 ms), not 5 s: the SDP has their
		// parameters, and what the probe read comes out at once, as old as the probe
		// is long when playback can start (1.2 s by default against GStreamer's
		// server; a 200 ms probe left playback 305 ms behind the sender, 40 ms 260).
		"analyzeduration": "40000",
	}
	if tr == "tcp" {
		// Over TCP libavformat keeps no reorder queue (nothing can come out of
		// order), and without one it reports no gap in the sequence numbers: a
		// packet the sender never sent goes unseen. A queue of two packets (the
		// least that queues) makes a gap a "missed N packets" report once the next
		// two packets have come: a loss costs two packets' time, none otherwise.
		o["reorder_queue_size"] = "2"
	}
	if c.UserAgent != "" {
		o["user_agent"] = c.UserAgent
	}
	return o
}
