package rtspsrc

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/decode"
	"github.com/smoothie-player/smoothie/internal/syncbuf"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
)

// testHost is the SourceHost of these tests: the system clock, lines to t.Log.
type testHost struct {
	t    *testing.T
	mu   sync.Mutex
	logs []string
}

func (h *testHost) Clock() player.Clock { return player.SystemClock{} }
func (h *testHost) Logf(format string, args ...any) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.logs = append(h.logs, fmt.Sprintf(format, args...))
}
func (h *testHost) Errorf(format string, args ...any) { h.Logf("error: "+format, args...) }
func (h *testHost) Ended(time.Duration)               {}

// serve runs GStreamer's rtsp-server (e2e/testdata/rtspserve.py) on a clip the
// ffmpeg CLI makes, until the test ends; it returns the URL.
func serve(t *testing.T, extra ...string) string {
	t.Helper()
	url, _ := serveLog(t, extra...)
	return url
}

// serveLog is serve, with what the server prints after its first line.
func serveLog(t *testing.T, extra ...string) (string, *syncbuf.Buffer) {
	t.Helper()
	clip := filepath.Join(t.TempDir(), "clip.mp4")
	if b, err := exec.Command("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=160x90:r=25:d=20", "-f", "lavfi", "-i", "sine=d=20",
		"-c:v", "libx264", "-tune", "zerolatency", "-g", "25", "-c:a", "aac", clip).CombinedOutput(); err != nil {
		t.Fatalf("making the clip: %v\n%s", err, b)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command("/usr/bin/python3", append([]string{"../e2e/testdata/rtspserve.py", clip, fmt.Sprint(port)}, extra...)...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("rtspserve.py (make deps installs GStreamer's rtsp-server): %v", err)
	}
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGKILL); cmd.Wait() })
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "listening on "); ok {
			var log syncbuf.Buffer
			go func() {
				for sc.Scan() {
					log.Write([]byte(sc.Text() + "\n"))
				}
			}()
			return u, &log
		}
	}
	t.Fatal("rtspserve.py did not start")
	return "", nil
}

// TestSourceTLS: an rtsps:// URL plays over TLS (TCP interleaved), the server's
// certificate a self-signed one made here.
// openRunning opens a Source on cfg and runs it until the test ends; it returns the
// source, its presentation and the context it runs under.
func openRunning(t *testing.T, cfg Config) (*Source, *player.Presentation, context.Context) {
	t.Helper()
	src, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	p, err := src.Open(ctx, &testHost{t: t})
	if err != nil {
		t.Fatal(err)
	}
	go src.Run(ctx)
	return src, p, ctx
}

func TestSourceTLS(t *testing.T) {
	url := serve(t, "--tls", selfSigned(t))
	if !strings.HasPrefix(url, "rtsps://") {
		t.Fatalf("server at %s", url)
	}
	src, p, ctx := openRunning(t, Config{URL: url})
	c, _ := p.Tracks[0].Locate(src.Timing().Edge)
	res, err := p.Tracks[0].Load(ctx, player.LoadRequest{Chunk: c})
	if err != nil || len(res.Samples) == 0 || src.Stats().Stream.Transport != "tcp" {
		t.Fatalf("%d samples, %v, transport %q", len(res.Samples), err, src.Stats().Stream.Transport)
	}
}

// selfSigned writes a self-signed certificate for 127.0.0.1 and its key into one
// PEM file and returns its path.
func selfSigned(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	pemData := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder})...)
	path := filepath.Join(t.TempDir(), "certkey.pem")
	if err := os.WriteFile(path, pemData, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestSourceAuth: credentials in the URL answer the server's basic and digest
// challenges; without them Open fails with one line naming the 401; the
// User-Agent asked for is the one the server sees.
func TestSourceAuth(t *testing.T) {
	for _, method := range []string{"basic", "digest"} {
		t.Run(method, func(t *testing.T) {
			url, log := serveLog(t, "--auth", method)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			src, err := New(Config{URL: url, Transport: "tcp"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := src.Open(ctx, &testHost{t: t}); err == nil || !strings.Contains(err.Error(), "401") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("without credentials: %v", err)
			}
			withCreds := strings.Replace(url, "rtsp://", "rtsp://viewer:secret@", 1)
			src, err = New(Config{URL: withCreds, Transport: "tcp", UserAgent: "smoothie-test/1"})
			if err != nil {
				t.Fatal(err)
			}
			p, err := src.Open(ctx, &testHost{t: t})
			if err != nil {
				t.Fatal(err)
			}
			go src.Run(ctx)
			if len(p.Tracks) != 2 {
				t.Fatalf("%d tracks", len(p.Tracks))
			}
			if !strings.Contains(log.String(), "user-agent: smoothie-test/1") {
				t.Fatalf("the server saw %q", log.String())
			}
		})
	}
}

// TestSourcePlays opens GStreamer's server over each transport and reads two
// seconds of chunks from both tracks: samples in time order within their chunks,
// A/V on one timeline, packets counted, no loss.
func TestSourcePlays(t *testing.T) {
	url := serve(t)
	for _, tr := range []string{"tcp", "udp"} {
		t.Run(tr, func(t *testing.T) {
			src, err := New(Config{URL: url, Transport: tr})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			h := &testHost{t: t}
			p, err := src.Open(ctx, h)
			if err != nil {
				t.Fatal(err)
			}
			defer func() {
				if t.Failed() {
					t.Logf("source log: %q", h.logs)
				}
			}()
			go src.Run(ctx)
			if len(p.Tracks) != 2 || !p.Live {
				t.Fatalf("%d tracks, live %v", len(p.Tracks), p.Live)
			}
			src.Select(p.Tracks)
			first := map[media.Kind]time.Duration{}
			from := src.Timing().Edge
			for _, st := range p.Tracks {
				info := st.Info()
				c, _ := st.Locate(from)
				var n int
				for start := c.Start; c.Start-start < 2*time.Second; {
					res, err := st.Load(ctx, player.LoadRequest{Chunk: c})
					if err != nil {
						t.Fatal(err)
					}
					for _, s := range res.Samples {
						at := time.Duration(s.Time) * 100
						if at < c.Start || at >= c.End() {
							t.Fatalf("%s sample at %v in chunk %v..%v", info.Kind, at, c.Start, c.End())
						}
						if _, ok := first[info.Kind]; !ok {
							first[info.Kind] = at
						}
					}
					n += len(res.Samples)
					if c, err = st.Next(ctx, c, nil); err != nil {
						t.Fatal(err)
					}
				}
				if want := map[media.Kind]int{media.KindVideo: 45, media.KindAudio: 85}[info.Kind]; n < want {
					t.Errorf("%s: %d samples in 2 s, want ≥ %d", info.Kind, n, want)
				}
			}
			if d := first[media.KindVideo] - first[media.KindAudio]; d.Abs() > 200*time.Millisecond {
				t.Errorf("video and audio start %v apart on the timeline", d)
			}
			st := src.Stats().Stream
			if st.Transport != tr || st.Received < 100 || st.Lost != 0 || len(st.Streams) != 2 {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

// TestSourceCodecs: H.265, Opus, PCMU and PCMA over RTSP, re-encoded by GStreamer
// and payloaded by its payloaders, open as tracks whose samples FFmpeg's decoders
// decode.
func TestSourceCodecs(t *testing.T) {
	for _, tc := range []struct {
		args         []string
		video, audio media.Codec
	}{
		{[]string{"--h265", "--audio", "opus"}, media.CodecHEVC, media.CodecOpus},
		{[]string{"--audio", "pcmu"}, media.CodecH264, media.CodecPCMU},
		{[]string{"--audio", "pcma"}, media.CodecH264, media.CodecPCMA},
	} {
		t.Run(string(tc.video)+"+"+string(tc.audio), func(t *testing.T) {
			url := serve(t, tc.args...)
			src, p, ctx := openRunning(t, Config{URL: url, Transport: "tcp"})
			if len(p.Tracks) != 2 {
				t.Fatalf("%d tracks; skipped %v", len(p.Tracks), src.Stats().Stream.Skipped)
			}
			from := src.Timing().Edge
			for _, st := range p.Tracks {
				info := st.Info()
				cfg := info.Configs[0]
				if want := map[media.Kind]media.Codec{media.KindVideo: tc.video, media.KindAudio: tc.audio}[info.Kind]; cfg.Codec != want {
					t.Fatalf("%s track is %s, want %s", info.Kind, cfg.Codec, want)
				}
				c, _ := st.Locate(from)
				var smps []media.Sample
				for len(smps) < 30 {
					res, err := st.Load(ctx, player.LoadRequest{Chunk: c})
					if err != nil {
						t.Fatal(err)
					}
					smps = append(smps, res.Samples...)
					if c, err = st.Next(ctx, c, nil); err != nil {
						t.Fatal(err)
					}
				}
				if n := decodeSome(t, cfg, smps); n == 0 {
					t.Errorf("%s: nothing decoded from %d samples", cfg.Codec, len(smps))
				}
			}
		})
	}
}

// decodeSome decodes smps with FFmpeg and counts the frames (pictures, or audio
// buffers) that came out.
func decodeSome(t *testing.T, cfg media.CodecConfig, smps []media.Sample) int {
	t.Helper()
	n := 0
	if cfg.Kind == media.KindVideo {
		v, err := decode.NewVideo(cfg, decode.VideoOptions{Threads: 1})
		if err != nil {
			t.Fatal(err)
		}
		defer v.Close()
		for _, s := range smps {
			_ = v.Send(s) // frames before the first keyframe fail; the rest decode
			for {
				f, err := v.Receive()
				if err != nil {
					break
				}
				n++
				v.Release(f)
			}
		}
		return n
	}
	a, err := decode.NewAudio(cfg, decode.AudioOptions{SampleRate: 48000, Channels: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for _, s := range smps {
		if err := a.Send(s); err != nil {
			t.Fatalf("%s: %v", cfg.Codec, err)
		}
		for {
			b, err := a.Receive()
			if err != nil {
				break
			}
			n++
			a.Release(b)
		}
	}
	return n
}

// TestSourceSkipsUnsupported: a VP8 video (no decoder here) is skipped and named;
// the audio plays.
func TestSourceSkipsUnsupported(t *testing.T) {
	url := serve(t, "--vp8")
	src, p, _ := openRunning(t, Config{URL: url, Transport: "tcp"})
	if len(p.Tracks) != 1 || p.Tracks[0].Info().Kind != media.KindAudio {
		t.Fatalf("tracks %v, want the audio only", p.Tracks)
	}
	sk := src.Stats().Stream.Skipped
	if len(sk) != 1 || !strings.Contains(sk[0], "vp8") {
		t.Fatalf("skipped %q, want the VP8 video named", sk)
	}
}

// TestSourceAutoFallsBackToTCP: a server that refuses UDP is played over TCP
// interleaved by auto; one that is not there at all fails at once.
func TestSourceAutoFallsBackToTCP(t *testing.T) {
	url := serve(t, "--tcp-only")
	src, err := New(Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h := &testHost{t: t}
	p, err := src.Open(ctx, h)
	if err != nil {
		t.Fatal(err)
	}
	go src.Run(ctx)
	if st := src.Stats().Stream; st.Transport != "tcp" || len(p.Tracks) != 2 {
		t.Fatalf("transport %q, %d tracks; log %q", st.Transport, len(p.Tracks), h.logs)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	src, _ = New(Config{URL: "rtsp://" + addr + "/cam"})
	t0 := time.Now()
	if _, err := src.Open(ctx, &testHost{t: t}); err == nil || !strings.Contains(err.Error(), "no answer") || time.Since(t0) > 2*time.Second {
		t.Fatalf("nothing listening: %v after %v", err, time.Since(t0))
	}
}

// TestSourceNoAnswer: a server that accepts and never answers fails Open with one
// line naming the URL and the timeout, after the connect timeout.
func TestSourceNoAnswer(t *testing.T) {
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
	src, err := New(Config{URL: "rtsp://user:secret@" + ln.Addr().String() + "/cam", ConnectTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	_, err = src.Open(context.Background(), &testHost{t: t})
	took := time.Since(t0)
	if err == nil || strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), "secret") ||
		!strings.Contains(err.Error(), "no answer in 1s") || took < 900*time.Millisecond || took > 4*time.Second {
		t.Fatalf("after %v: %v", took, err)
	}
}

func TestConfigCheck(t *testing.T) {
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{URL: "rtsp://cam/live"}, ""},
		{Config{URL: "RTSPS://cam/live", Transport: "tcp"}, ""},
		{Config{URL: "http://cam/live"}, "not an rtsp"},
		{Config{URL: "rtsp://cam/live", Transport: "sctp"}, "want auto, tcp or udp"},
		{Config{URL: "rtsps://cam/live", Transport: "udp"}, "interleaved"},
	} {
		_, err := New(tc.cfg)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%+v: %v, want %q", tc.cfg, err, tc.want)
		}
	}
}
