package e2e

import (
	"bufio"
	"context"
	"io"
	"net"
	"os/exec"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/internal/syncbuf"
)

// liveSample is one status line of `smoothie play --headless` on a live presentation,
// with the wall time it was read.
type liveSample struct {
	wall                   time.Time
	state                  string
	latency, target, media time.Duration
	skips                  int
}

var liveLine = regexp.MustCompile(`^\s*[\d.]+s (\S+)\s+pos .* live latency ([\d.]+)s target ([\d.]+)s dvr \d+s refreshes \d+ skips (\d+) media ([\d.]+)s`)

func seconds(s []byte) time.Duration {
	f, _ := strconv.ParseFloat(string(s), 64)
	return time.Duration(f * float64(time.Second))
}

// playLive runs `smoothie play --headless ARGS URL` to its end, reading its status lines
// as they come; it returns the live ones and the whole output.
func playLive(ctx context.Context, tb testing.TB, url string, args ...string) ([]liveSample, string, error) {
	tb.Helper()
	cmd := exec.CommandContext(ctx, smoothie, append(append([]string{"play", "--headless"}, args...), url)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	stderr := &syncbuf.Buffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	var samples []liveSample
	var all []byte
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		l := sc.Bytes()
		wall := time.Now()
		all = append(append(all, l...), '\n')
		if m := liveLine.FindSubmatch(l); m != nil {
			skips, _ := strconv.Atoi(string(m[4]))
			samples = append(samples, liveSample{wall: wall, state: string(m[1]), latency: seconds(m[2]), target: seconds(m[3]),
				skips: skips, media: seconds(m[5])})
		}
	}
	err = cmd.Wait()
	return samples, string(all) + stderr.String(), err
}

// playing keeps the samples taken while playing, after the first skip seconds of play.
func playing(s []liveSample, skip time.Duration) []liveSample {
	var out []liveSample
	var first time.Time
	for _, x := range s {
		if x.state != "playing" {
			continue
		}
		if first.IsZero() {
			first = x.wall
		}
		if x.wall.Sub(first) >= skip {
			out = append(out, x)
		}
	}
	return out
}

// pushProxy forwards loopback TCP connections to target and remembers when the first
// byte of the first one arrived: the moment an encoder started its push.
type pushProxy struct {
	Addr  string
	mu    sync.Mutex
	first time.Time
}

func startPushProxy(tb testing.TB, target string) *pushProxy {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	p := &pushProxy{Addr: l.Addr().String()}
	tb.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go p.forward(c, target)
		}
	}()
	return p
}

func (p *pushProxy) forward(c net.Conn, target string) {
	defer c.Close()
	up, err := net.Dial("tcp", target)
	if err != nil {
		return
	}
	defer up.Close()
	go func() { io.Copy(c, up); c.Close() }()
	var b [32 << 10]byte
	for {
		n, err := c.Read(b[:])
		if n > 0 {
			p.mu.Lock()
			if p.first.IsZero() {
				p.first = time.Now()
			}
			p.mu.Unlock()
			if _, werr := up.Write(b[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			if tc, ok := up.(*net.TCPConn); ok {
				tc.CloseWrite()
			}
			return
		}
	}
}

// First is when the first pushed byte arrived (zero before).
func (p *pushProxy) First() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.first
}
