package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// gstPlay plays uri with GStreamer's playbin (mssdemux underneath; `make deps`
// installs it) into fake sinks, for at most d. It returns the combined output and
// whether it ended by itself (EOS) rather than by the deadline.
func gstPlay(t *testing.T, uri string, d time.Duration) (string, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	cmd := exec.CommandContext(ctx, "gst-launch-1.0", "-q", "playbin", "uri="+uri,
		"audio-sink=fakesink sync=true", "video-sink=fakesink sync=true")
	cmd.Env = append(os.Environ(), "GST_DEBUG=*:1")
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		return string(out), false
	}
	if err != nil {
		t.Fatalf("gst-launch-1.0 %s: %v\n%s", uri, err, out)
	}
	return string(out), true
}

// TestGStreamerPlaysVOD: GStreamer's mssdemux plays a presentation from our origin to
// the end without an error, having fetched every fragment of the audio stream.
func TestGStreamerPlaysVOD(t *testing.T) {
	dir, ism := benchPresentation()
	logPath := filepath.Join(t.TempDir(), "access.log")
	o := startServe(t, "--access-log", logPath, dir)
	out, eos := gstPlay(t, o.URL+"/"+ism+"/Manifest", 120*time.Second)
	if !eos {
		t.Fatalf("no EOS within 120 s:\n%s", out)
	}
	if strings.Contains(out, "ERROR") {
		t.Fatalf("GStreamer reported an error:\n%s", out)
	}
	logb, _ := os.ReadFile(logPath)
	frags := regexp.MustCompile(`Fragments\(audio[^=]*=\d+\) - \d+ \S+ \S+ 200 `).FindAll(logb, -1)
	if len(frags) < 3 {
		t.Errorf("GStreamer fetched %d audio fragments:\n%s", len(frags), logb)
	}
	if bad := regexp.MustCompile(` [45]\d\d \d+ \d+\n`).FindAll(logb, -1); len(bad) > 0 {
		t.Errorf("error responses in the access log:\n%s", bad)
	}
}

// TestGStreamerPlaysLive: GStreamer plays a `serve --live` channel for 30 s without an
// error, following the live edge (fragment requests keep coming, none in the future
// answered with anything but 412, none refused otherwise).
func TestGStreamerPlaysLive(t *testing.T) {
	dir, ism := benchPresentation()
	logPath := filepath.Join(t.TempDir(), "access.log")
	o := startServe(t, "--live", "--dvr", "30s", "--access-log", logPath, dir)
	out, eos := gstPlay(t, o.URL+"/"+ism+"l/Manifest", 30*time.Second)
	if eos {
		t.Errorf("a live channel ended:\n%s", out)
	}
	if strings.Contains(out, "ERROR") {
		t.Fatalf("GStreamer reported an error:\n%s", out)
	}
	logb, _ := os.ReadFile(logPath)
	frags := regexp.MustCompile(`Fragments\([^)]*\) \S+ \d+ \S+ \S+ 200 `).FindAll(logb, -1)
	if len(frags) < 10 {
		t.Errorf("GStreamer fetched %d live fragments in 30 s:\n%s", len(frags), logb)
	}
	if bad := regexp.MustCompile(` (40[0-9]|41[0-13-9]|5\d\d) \d+ \d+\n`).FindAll(logb, -1); len(bad) > 0 {
		t.Errorf("error responses other than 412 in the access log:\n%s", bad)
	}
}
