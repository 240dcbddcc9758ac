package main

import (
	"errors"
	"time"

	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/rtspsrc"
)

// rtspFlags are play's RTSP flags.
type rtspFlags struct {
	transport string
	buffer    time.Duration
}

func (f *playFlags) rtspFlagSet(fs *cmdFlags) {
	fs.StringVar(&f.rtsp.transport, "rtsp-transport", "auto", "RTSP: auto (UDP, TCP interleaved when no packet comes over UDP in 2 s), tcp or udp")
	fs.DurationVar(&f.rtsp.buffer, "rtsp-buffer", 200*time.Millisecond, "RTSP: jitter buffer, the wait for late and reordered packets")
}

// errRTSPHeader is --header with an RTSP URL: libavformat's rtsp demuxer sends no
// extra headers.
var errRTSPHeader = errors.New("--header: not for RTSP URLs (libavformat's rtsp demuxer has no option for extra headers; --user-agent is sent)")

// wireRTSP makes cfg play target, an RTSP URL, through an rtspsrc.Source: the live
// session keeps the chunk and the jitter buffer behind what has arrived (unless
// --live-latency says otherwise) and starts as soon as one chunk is there.
func (f *playFlags) wireRTSP(cfg *player.Config, target string) error {
	if len(f.headers) > 0 {
		return errRTSPHeader
	}
	if f.rtsp.buffer <= 0 {
		return errors.New("--rtsp-buffer: must be positive, e.g. 200ms")
	}
	ua := f.userAgent
	src, err := rtspsrc.New(rtspsrc.Config{URL: target, Transport: f.rtsp.transport, UserAgent: ua, Buffer: f.rtsp.buffer})
	if err != nil {
		return err
	}
	cfg.URL, cfg.Source = "", src
	tm := rtspsrc.Tuning(f.rtsp.buffer)
	if cfg.LiveLatency <= 0 {
		cfg.LiveLatency = tm.Latency
	}
	cfg.StartBuffer, cfg.RebufferTarget = tm.StartBuffer, tm.StartBuffer
	return nil
}
