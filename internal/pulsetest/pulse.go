// Package pulsetest starts a private PulseAudio server with a null sink for tests
// that need a real sound device (render/audio, the e2e A/V sync test), and records
// what the null sink plays through its monitor source. It is test support only.
package pulsetest

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// Rate is the null sink's sample rate.
const Rate = 48000

// Server is a PulseAudio server started by a test with a null sink as its default
// output; ALSA's default device routes to it through the pulse plugin.
type Server struct {
	// Addr is the PULSE_SERVER value for clients (unix:PATH).
	Addr string
	// Sink is the null sink's name; its monitor source is Sink + ".monitor".
	Sink string
}

// Start starts PulseAudio on a private socket, sets PULSE_SERVER for this process
// (and so for ALSA's pulse plugin and for children that inherit the environment)
// and stops it when the test ends. It fails the test when PulseAudio is not
// installed.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := exec.LookPath("pulseaudio")
	if err != nil {
		t.Fatalf("pulseaudio not installed (make deps; Debian: pulseaudio pulseaudio-utils libasound2-plugins): %v", err)
	}
	if _, err := exec.LookPath("pactl"); err != nil {
		t.Fatalf("pactl not installed (make deps; Debian: pulseaudio-utils): %v", err)
	}
	dir, err := os.MkdirTemp("", "smoothie-pulse-")
	if err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "native")
	p := &Server{Addr: "unix:" + sock, Sink: "smoothie_null"}
	cmd := exec.Command(bin, "-n", "--daemonize=no", "--exit-idle-time=-1", "--system=false",
		"--use-pid-file=false", "--disallow-exit", "--log-target=stderr", "--log-level=error",
		"--load=module-native-protocol-unix auth-anonymous=1 socket="+sock,
		"--load=module-null-sink sink_name="+p.Sink+" rate="+strconv.Itoa(Rate)+" channels=2",
		"--load=module-always-sink")
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_RUNTIME_DIR="+dir, "XDG_CONFIG_HOME="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting pulseaudio: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		os.RemoveAll(dir)
	})
	t.Setenv("PULSE_SERVER", p.Addr)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if out, err := p.Ctl("info"); err == nil && bytes.Contains(out, []byte(p.Sink)) {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("pulseaudio did not come up: %v %s; its stderr: %s", err, out, stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if _, err := p.Ctl("set-default-sink", p.Sink); err != nil {
		t.Fatalf("pactl set-default-sink: %v", err)
	}
	return p
}

// Env returns os.Environ() with PULSE_SERVER pointing at the server.
func (p *Server) Env() []string { return append(os.Environ(), "PULSE_SERVER="+p.Addr) }

// Ctl runs pactl against the server and returns its combined output.
func (p *Server) Ctl(args ...string) ([]byte, error) {
	cmd := exec.Command("pactl", args...)
	cmd.Env = p.Env()
	return cmd.CombinedOutput()
}

var latencyRE = regexp.MustCompile(`(Buffer|Sink|Source) Latency: (-?[0-9]+) usec`)

// Latency is PulseAudio's own account of a stream's latency: what it buffers for
// the stream (Buffer) and the device's latency (Device: the sink's for a playback
// stream, the source's for a recording one, negative for a monitor source, whose
// samples are posted as the sink renders them, ahead of playing them).
type Latency struct {
	Buffer, Device time.Duration
}

// Total is Buffer + Device.
func (l Latency) Total() time.Duration { return l.Buffer + l.Device }

// StreamLatency reads the latency of the first playback stream (sink input).
func (p *Server) StreamLatency() (Latency, error) { return p.latency("sink-inputs") }

// RecordLatency reads the latency of the first recording stream (source output).
func (p *Server) RecordLatency() (Latency, error) { return p.latency("source-outputs") }

func (p *Server) latency(what string) (Latency, error) {
	out, err := p.Ctl("list", what)
	if err != nil {
		return Latency{}, fmt.Errorf("pactl list %s: %v: %s", what, err, out)
	}
	m := latencyRE.FindAllSubmatch(out, -1)
	if len(m) < 2 {
		return Latency{}, fmt.Errorf("no latency in pactl list %s output %q", what, out)
	}
	var l Latency
	for _, x := range m[:2] {
		us, _ := strconv.Atoi(string(x[2]))
		d := time.Duration(us) * time.Microsecond
		if string(x[1]) == "Buffer" {
			l.Buffer = d
		} else {
			l.Device = d
		}
	}
	return l, nil
}

// Record starts recording the null sink's monitor as mono signed 16-bit PCM at Rate
// with parec, asking PulseAudio for latencyMsec of recording latency. Stop it with
// cmd.Process.Kill and cmd.Wait; read the samples from the returned pipe.
func (p *Server) Record(ctx context.Context, latencyMsec int) (*exec.Cmd, *os.File, error) {
	if _, err := exec.LookPath("parec"); err != nil {
		return nil, nil, fmt.Errorf("parec not installed (make deps; Debian: pulseaudio-utils): %v", err)
	}
	cmd := exec.CommandContext(ctx, "parec", "-d", p.Sink+".monitor", "--raw", "--format=s16le", "--channels=1",
		"--rate="+strconv.Itoa(Rate), "--latency-msec="+strconv.Itoa(latencyMsec))
	cmd.Env = p.Env()
	r, w, err := os.Pipe()
	if err != nil {
		return nil, nil, err
	}
	cmd.Stdout = w
	if err := cmd.Start(); err != nil {
		r.Close()
		w.Close()
		return nil, nil, fmt.Errorf("parec: %v", err)
	}
	w.Close()
	return cmd, r, nil
}

// MonitorRMS records d of what the null sink plays (its monitor source) and returns
// the RMS level, 0 to 1.
// On a busy machine parec can take a while to start: it gets a second try, longer.
func (p *Server) MonitorRMS(d time.Duration) (float64, error) {
	var out []byte
	for try := range 2 {
		ctx, cancel := context.WithTimeout(context.Background(), d<<(2*try))
		cmd := exec.CommandContext(ctx, "parec", "-d", p.Sink+".monitor", "--raw", "--format=s16le", "--channels=1", "--rate="+strconv.Itoa(Rate), "--latency-msec=20")
		cmd.Env = p.Env()
		out, _ = cmd.Output()
		cancel()
		if len(out) >= 2*Rate/10 {
			break
		}
	}
	if len(out) < 2*Rate/10 {
		return 0, fmt.Errorf("parec recorded %d bytes in %v and then %v", len(out), d, 4*d)
	}
	out = out[len(out)/4:] // skip what was buffered before
	var sum float64
	n := len(out) / 2
	for i := range n {
		v := float64(int16(binary.LittleEndian.Uint16(out[2*i:]))) / 32768
		sum += v * v
	}
	return math.Sqrt(sum / float64(n)), nil
}
