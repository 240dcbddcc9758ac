package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/decode/encode"
	"github.com/smoothie-player/smoothie/decode/synth"
	"github.com/smoothie-player/smoothie/internal/pulsetest"
	"github.com/smoothie-player/smoothie/internal/syncbuf"
)

// rtspClipLen is the clip GStreamer's rtsp-server serves: longer than any play.
const rtspClipLen = 45 * time.Second

// TestRTSP plays the project's flash+beep clip served by GStreamer's rtsp-server
// (e2e/testdata/rtspserve.py: filesrc ! qtdemux ! rtph264pay / rtpmp4gpay) with
// `smoothie play --headless`: over UDP and over TCP 30 s each through a real
// (PulseAudio null sink) device, with 0 stalls, ≥ 95 % of the frames shown and the
// beep heard within 60 ms of the flash shown (plus the measurement's own floor);
// with the server dropping 5 % of its RTP packets the loss reported over UDP and
// over TCP is 3–7 % and
// playback goes on; a server killed and started again mid-play is reconnected
// once and playback resumes within 5 s.
func TestRTSP(t *testing.T) {
	clip := rtspClip(t)
	pa := pulsetest.Start(t)
	for _, tr := range []string{"udp", "tcp"} {
		t.Run(tr, func(t *testing.T) {
			srv := startRTSPServer(t, clip, 0)
			r := rtspPlay(t, pa, srv.url, 30*time.Second, "--rtsp-transport", tr)
			t.Logf("%s: %s", tr, r)
			if r.sum.Stream == nil || r.sum.Stream.Transport != tr {
				t.Fatalf("transport %+v, want %s", r.sum.Stream, tr)
			}
			if r.sum.Stalls != 0 {
				t.Errorf("%d stalls", r.sum.Stalls)
			}
			want := int(r.sum.Played * 25)
			if shown := r.shown(); shown < want*95/100 {
				t.Errorf("%d frames shown of %d (%d dropped)", shown, want, r.sum.FramesDropped)
			}
			// The median within 60 ms, and 9 seconds in 10 within 60 ms plus the
			// measurement's floor in this run: on the loaded 2-core VM a second in 15
			// or so is hit by a scheduling hiccup (a 131 ms and a 205 ms once each).
			tol := 60*time.Millisecond + r.floor
			if r.floor > 100*time.Millisecond {
				// As TestAVSync: a floor this high cannot tell sync from a frame's error
				// (a run at load 8 measured 290 ms, and reconnected once).
				t.Fatalf("measurement floor %v: the machine is too loaded to measure A/V sync (%s)", r.floor, r)
			}
			if len(r.deltas) < 25 {
				t.Fatalf("%d seconds measured: %v", len(r.deltas), r.deltas)
			}
			if m := medianDur(r.deltas); m.Abs() > 60*time.Millisecond {
				t.Errorf("A/V offset median %v beyond 60 ms: %v", m, r.deltas)
			}
			var out []time.Duration
			for _, d := range r.deltas {
				if d < -tol || d > tol {
					out = append(out, d)
				}
			}
			if len(out) > len(r.deltas)/10 {
				t.Errorf("A/V offsets %v beyond %v (60 ms + floor %v): %v", out, tol, r.floor, r.deltas)
			}
		})
	}
	// The server drops the packets before sending them: over TCP too the sequence
	// numbers have gaps, which the player reports as loss.
	for _, tr := range []string{"udp", "tcp"} {
		t.Run("loss-"+tr, func(t *testing.T) {
			srv := startRTSPServer(t, clip, 0.05)
			r := rtspPlay(t, nil, srv.url, 12*time.Second, "--audio", "none", "--rtsp-transport", tr)
			t.Logf("5%% dropped, %s: %s", tr, r)
			st := r.sum.Stream
			if st == nil || st.Transport != tr || st.LossRatio < 0.03 || st.LossRatio > 0.07 {
				t.Fatalf("loss reported %+v, want 3–7 %% over %s", st, tr)
			}
			if r.sum.Played < 11 || r.shown() < int(r.sum.Played*25)/2 {
				t.Errorf("playback did not go on: %.1f s played, %d frames shown", r.sum.Played, r.shown())
			}
		})
	}
	t.Run("tui", func(t *testing.T) {
		srv := startRTSPServer(t, clip, 0.05)
		rtspTUI(t, srv.url)
	})
	t.Run("give-up", func(t *testing.T) {
		// The server killed for good: --live-give-up ends the session with one line
		// (exit 1) while it reconnects.
		srv := startRTSPServer(t, clip, 0)
		time.AfterFunc(3*time.Second, srv.kill)
		t0 := time.Now()
		out, err := exec.Command(smoothie, "play", "--headless", "--audio", "none", "--live-give-up", "3s", srv.url).CombinedOutput()
		last := strings.TrimSpace(string(out))
		last = last[strings.LastIndex(last, "\n")+1:]
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(last, "no media for 3 s (reconnecting") || time.Since(t0) > 15*time.Second {
			t.Fatalf("after %v: %v: %q", time.Since(t0), err, last)
		}
	})
	t.Run("restart", func(t *testing.T) {
		srv := startRTSPServer(t, clip, 0)
		time.AfterFunc(6*time.Second, func() {
			srv.kill()
			time.Sleep(500 * time.Millisecond)
			srv.start(t)
		})
		r := rtspPlay(t, nil, srv.url, 16*time.Second, "--audio", "none", "--rtsp-transport", "udp")
		t.Logf("restarted: %s", r)
		if st := r.sum.Stream; st == nil || st.Reconnects != 1 {
			t.Fatalf("reconnects %+v, want 1", r.sum.Stream)
		}
		// The outage is longer than the 0.4 s played behind the edge: a stall, and
		// the resume after it.
		if r.sum.Stalls == 0 || r.longestStall > 5*time.Second || r.sum.Played < 15 {
			t.Errorf("resumed after %v (want ≤ 5 s), played %.1f s", r.longestStall, r.sum.Played)
		}
	})
}

// rtspClip makes the synthetic source (decode/synth: a flash and a beep at every
// whole second) as an H.264/AAC MP4 with the ffmpeg CLI.
func rtspClip(t testing.TB) string {
	t.Helper()
	v, a := synth.Graphs(synth.Config{Duration: rtspClipLen}, []encode.Level{{Width: 320, Height: 180, Bitrate: 300_000}})
	out := filepath.Join(t.TempDir(), "clip.mp4")
	cmd := exec.Command("ffmpeg", "-v", "error", "-filter_complex", v+";"+a, "-map", "[v0]", "-map", "[a]",
		"-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-b:v", "300k", "-c:a", "aac", "-b:a", "128k", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("making the clip: %v\n%s", err, b)
	}
	return out
}

// rtspServer is a running e2e/testdata/rtspserve.py.
type rtspServer struct {
	clip, url string
	port      int
	drop      float64
	mu        sync.Mutex
	cmd       *exec.Cmd
	stderr    *syncbuf.Buffer
}

// startRTSPServer serves clip on a free loopback port (dropping that share of
// RTP packets) until the test ends.
func startRTSPServer(t testing.TB, clip string, drop float64) *rtspServer {
	t.Helper()
	if _, err := os.Stat("/usr/bin/python3"); err != nil {
		t.Fatal("no /usr/bin/python3 (make deps installs GStreamer's rtsp-server and its bindings for it)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	s := &rtspServer{clip: clip, port: port, drop: drop}
	s.start(t)
	t.Cleanup(s.kill)
	return s
}

// start runs the server and waits for its "listening on" line.
func (s *rtspServer) start(t testing.TB) {
	s.mu.Lock()
	defer s.mu.Unlock()
	args := []string{"testdata/rtspserve.py", s.clip, fmt.Sprint(s.port)}
	if s.drop > 0 {
		args = append(args, "--drop", fmt.Sprint(s.drop))
	}
	cmd := exec.Command("/usr/bin/python3", args...)
	s.stderr = &syncbuf.Buffer{}
	cmd.Stderr = s.stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Error(err)
		return
	}
	if err := cmd.Start(); err != nil {
		t.Error(err)
		return
	}
	s.cmd = cmd
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "listening on ") {
				line <- strings.TrimPrefix(sc.Text(), "listening on ")
			}
		}
	}()
	select {
	case s.url = <-line:
	case <-time.After(15 * time.Second):
		t.Errorf("rtspserve.py did not start: %s", s.stderr.String())
	}
}

// kill stops the server at once (SIGKILL: no TEARDOWN, as a crash).
func (s *rtspServer) kill() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		s.cmd.Process.Signal(syscall.SIGKILL)
		s.cmd.Wait()
		s.cmd = nil
	}
}

// rtspSummary is the part of the summary line the RTSP tests read.
type rtspSummary struct {
	Played        float64 `json:"played_s"`
	FramesDecoded int     `json:"frames_decoded"`
	FramesDropped int     `json:"frames_dropped"`
	FramesFlushed int     `json:"frames_flushed"`
	Stalls        int     `json:"stalls"`
	Errors        int     `json:"errors"`
	Stream        *struct {
		Transport  string  `json:"transport"`
		Received   int64   `json:"packets_received"`
		Lost       int64   `json:"packets_lost"`
		LossRatio  float64 `json:"loss_ratio"`
		Reconnects int     `json:"reconnects"`
		LatencyMS  float64 `json:"latency_ms"`
		Streams    []struct {
			Kind     string  `json:"kind"`
			JitterMS float64 `json:"jitter_ms"`
		} `json:"streams"`
	} `json:"stream"`
}

// rtspRun is what one RTSP playback measured.
type rtspRun struct {
	sum          rtspSummary
	deltas       []time.Duration // per second: flash presented − beep played
	floor        time.Duration   // the A/V measurement's own error
	longestStall time.Duration
}

func (r rtspRun) shown() int { return r.sum.FramesDecoded - r.sum.FramesDropped - r.sum.FramesFlushed }

func (r rtspRun) String() string {
	s := fmt.Sprintf("played %.1f s, frames %d decoded %d dropped %d flushed, %d stalls (longest %v), %d errors", r.sum.Played,
		r.sum.FramesDecoded, r.sum.FramesDropped, r.sum.FramesFlushed, r.sum.Stalls, r.longestStall, r.sum.Errors)
	if st := r.sum.Stream; st != nil {
		s += fmt.Sprintf("; %s: %d packets, %d lost (%.2f %%), %d reconnects, latency %.0f ms, streams %+v", st.Transport, st.Received, st.Lost,
			100*st.LossRatio, st.Reconnects, st.LatencyMS, st.Streams)
	}
	if len(r.deltas) > 0 {
		s += fmt.Sprintf("; A/V offsets %v (median %v, floor %v)", r.deltas, medianDur(r.deltas), r.floor)
	}
	return s
}

// rtspPlay plays url headless for dur; with pa, through its device while its sink
// is recorded, measuring A/V sync at every second: the flash's presentation (the
// player's --present-log) against the beep's onset played out (the recording), the
// nearest beep to each flash.
func rtspPlay(t testing.TB, pa *pulsetest.Server, url string, dur time.Duration, args ...string) rtspRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), dur+60*time.Second)
	defer cancel()
	var (
		mu      sync.Mutex
		samples []int16
		reads   []read
		recLat  []time.Duration
		playLat []time.Duration // PulseAudio's latency of the player's stream
	)
	if pa != nil {
		rec, pipe, err := pa.Record(ctx, recLatency)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { rec.Process.Kill(); rec.Wait(); pipe.Close() }()
		go func() {
			buf := make([]byte, 4096)
			var rest []byte
			for {
				n, err := pipe.Read(buf)
				at := monoNow()
				mu.Lock()
				rest = append(rest, buf[:n]...)
				for len(rest) >= 2 {
					samples = append(samples, int16(binary.LittleEndian.Uint16(rest)))
					rest = rest[2:]
				}
				if n > 0 {
					reads = append(reads, read{at, len(samples)})
				}
				mu.Unlock()
				if err != nil {
					return
				}
			}
		}()
	}
	dir := t.TempDir()
	plog, stats, dlog := filepath.Join(dir, "present.log"), filepath.Join(dir, "stats.jsonl"), filepath.Join(dir, "play.log")
	play := exec.CommandContext(ctx, smoothie, append([]string{"play", "--headless", "--video", "none", "--for", dur.String(),
		"--stats-json", stats, "--log", dlog, "--present-log", plog}, append(args, url)...)...)
	var pout bytes.Buffer
	play.Stdout, play.Stderr = &pout, &pout
	if pa != nil {
		play.Env = pa.Env()
	}
	if err := play.Start(); err != nil {
		t.Fatal(err)
	}
	waited := make(chan error, 1)
	go func() { waited <- play.Wait() }()
	wake := make(chan time.Duration, 1)
	sleepCtx, stopSleeping := context.WithCancel(ctx)
	go func() { wake <- wakeLateness(sleepCtx) }()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	var err error
wait:
	for {
		select {
		case err = <-waited:
			break wait
		case <-tick.C:
			if pa != nil {
				if l, err := pa.RecordLatency(); err == nil {
					recLat = append(recLat, l.Total())
				}
				if l, err := pa.StreamLatency(); err == nil {
					playLat = append(playLat, l.Total())
				}
			}
		}
	}
	stopSleeping()
	wakeLate := <-wake
	diag, _ := os.ReadFile(dlog)
	if err != nil {
		t.Fatalf("smoothie play: %v\n%s\nlog:\n%s", err, pout.String(), diag)
	}
	var r rtspRun
	js, _ := os.ReadFile(stats)
	for _, l := range bytes.Split(js, []byte("\n")) {
		var ev struct {
			Type  string  `json:"type"`
			Stall float64 `json:"stall_s"`
		}
		if json.Unmarshal(l, &ev) != nil {
			continue
		}
		switch ev.Type {
		case "summary":
			if err := json.Unmarshal(l, &r.sum); err != nil {
				t.Fatal(err)
			}
		case "resume":
			r.longestStall = max(r.longestStall, time.Duration(ev.Stall*float64(time.Second)))
		}
	}
	lines := strings.Split(strings.TrimSpace(pout.String()), "\n")
	if len(lines) >= 2 {
		t.Logf("last status line: %s", lines[len(lines)-2])
	}
	if r.sum.Played == 0 {
		t.Fatalf("no summary line: %s\noutput:\n%s\nlog:\n%s", js, pout.String(), diag)
	}
	if pa == nil {
		return r
	}
	if !bytes.Contains(diag, []byte("audio: sound device")) {
		t.Fatalf("the player did not use the PulseAudio device; its log:\n%s", diag)
	}
	time.Sleep(200 * time.Millisecond) // the last beeps reach the recording
	presents, err := os.ReadFile(plog)
	if err != nil {
		t.Fatal(err)
	}
	flashes, err := flashTimes(presents)
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(recLat) == 0 {
		t.Fatal("pactl reported no recording latency")
	}
	lat := medianDur(recLat)
	onsets, _ := beepOnsets(samples, pulsetest.Rate)
	var beeps []time.Duration
	for _, n := range onsets {
		beeps = append(beeps, sampleTime(reads, n, pulsetest.Rate)-lat)
	}
	_, noise := spacingError(beeps)
	r.floor = noise + spread(recLat) + wakeLate
	t.Logf("PulseAudio: recording latency %v, the player's stream latency %v", recLat, playLat)
	for k := range len(flashes) + 1 {
		f, ok := flashes[k]
		if !ok || len(beeps) == 0 {
			continue
		}
		best := beeps[0]
		for _, b := range beeps {
			if (f - b).Abs() < (f - best).Abs() {
				best = b
			}
		}
		if (f - best).Abs() < 500*time.Millisecond {
			r.deltas = append(r.deltas, f-best)
		}
	}
	return r
}

// rtspTUI drives the terminal UI in tmux on an RTSP source (5 % of its packets
// dropped): the ladder's place shows the source section with the loss and jitter,
// and 3 says there are no quality levels.
func rtspTUI(t *testing.T, url string) {
	dir := t.TempDir()
	sock := filepath.Join(dir, "tmux.sock")
	cmd := fmt.Sprintf("%s play --video none --audio none --rtsp-transport udp --log %s %s; sleep 30", smoothie, filepath.Join(dir, "play.log"), url)
	tmux(t, sock, "new-session", "-d", "-s", "tui", "-x", "120", "-y", "36", cmd)
	t.Cleanup(func() { exec.Command("tmux", "-S", sock, "kill-server").Run() })
	screen := func() string { return tmux(t, sock, "capture-pane", "-p", "-t", "tui") }
	waitFor := func(what string, ok func(string) bool) string {
		t.Helper()
		for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			if s := screen(); ok(s) {
				return s
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s; screen:\n%s", what, screen())
			}
		}
	}
	lossRe := regexp.MustCompile(`loss (\d+\.\d)% \(\d+ of \d+\)`)
	s := waitFor("no source section with loss and jitter", func(s string) bool {
		m := lossRe.FindStringSubmatch(s)
		return strings.Contains(s, "Source  RTSP udp") && strings.Contains(s, "jitter") && m != nil && m[1] != "0.0"
	})
	t.Logf("screen:\n%s", s)
	tmux(t, sock, "send-keys", "-t", "tui", "3")
	waitFor("3 did not say there are no levels", func(s string) bool { return strings.Contains(s, "no quality levels on an RTSP source") })
	tmux(t, sock, "send-keys", "-t", "tui", "q")
}
