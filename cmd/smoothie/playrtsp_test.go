package main

import (
	"bytes"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/player"
)

// TestPlayRTSPUsage: RTSP flags that cannot work are refused with one line and
// exit 2, before anything connects.
func TestPlayRTSPUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--header", "X-Token: 1", "rtsp://127.0.0.1:1/cam"}, "--header: not for RTSP"},
		{[]string{"--rtsp-transport", "sctp", "rtsp://127.0.0.1:1/cam"}, "want auto, tcp or udp"},
		{[]string{"--rtsp-buffer", "0s", "rtsp://127.0.0.1:1/cam"}, "--rtsp-buffer"},
		{[]string{"--rtsp-transport", "udp", "rtsps://127.0.0.1:1/cam"}, "interleaved"},
	} {
		var out, errb bytes.Buffer
		code := runPlay(tc.args, &out, &errb)
		if code != exitUsage || !strings.Contains(errb.String(), tc.want) || strings.Count(strings.TrimSpace(errb.String()), "\n") > 0 {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and %q", tc.args, code, errb.String(), tc.want)
		}
	}
}

// TestPlayRTSPNoAnswer: a server that accepts and never answers fails with one
// line after the 10 s connect timeout (exit 1), the URL's credentials left out.
func TestPlayRTSPNoAnswer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	var out, errb bytes.Buffer
	t0 := time.Now()
	code := runPlay([]string{"--headless", "rtsp://admin:hunter2@" + ln.Addr().String() + "/cam"}, &out, &errb)
	took := time.Since(t0)
	msg := strings.TrimSpace(errb.String())
	if code != exitFailure || strings.Contains(msg, "\n") || strings.Contains(msg, "hunter2") || !strings.Contains(msg, "no answer in 10s") ||
		took < 9*time.Second || took > 20*time.Second {
		t.Fatalf("exit %d after %v: %q", code, took, msg)
	}
}

// TestStatusLineRTSP: the headless line carries the stream's counters.
func TestStatusLineRTSP(t *testing.T) {
	st := player.Stats{Live: true, Stream: &player.StreamStats{Transport: "udp", Received: 950, Lost: 50, Reconnects: 1, Latency: 480 * time.Millisecond,
		Streams: []player.StreamStat{{Kind: "video", Jitter: 2100 * time.Microsecond, Bitrate: 310_000}, {Kind: "audio", Jitter: 800 * time.Microsecond, Bitrate: 129_000}},
		Skipped: []string{"stream 2 (video vp8): no decoder for it"}}}
	line := statusLine(st)
	for _, want := range []string{"rtsp udp loss 5.0% (50/1000) jitter v 2.1ms a 0.8ms", "latency 0.48s reconnects 1", "skipped stream 2 (video vp8)"} {
		if !strings.Contains(line, want) {
			t.Errorf("status line lacks %q:\n%s", want, line)
		}
	}
}
