package audio

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

// pulse is a PulseAudio server started by a test with a null sink as its default
// output; ALSA's default device routes to it through the pulse plugin.
type pulse struct {
	server string // PULSE_SERVER value
	sink   string
}

// startPulse starts PulseAudio on a private socket, makes this process (and so
// ALSA's pulse plugin) use it, and stops it when the test ends. It fails the test
// when PulseAudio is not installed.
func startPulse(t *testing.T) *pulse {
	t.Helper()
	bin, err := exec.LookPath("pulseaudio")
	if err != nil {
		t.Fatalf("pulseaudio not installed (Debian: pulseaudio libasound2-plugins): %v", err)
	}
	dir, err := os.MkdirTemp("", "smoothie-pulse-")
	if err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "native")
	p := &pulse{server: "unix:" + sock, sink: "smoothie_null"}
	cmd := exec.Command(bin, "-n", "--daemonize=no", "--exit-idle-time=-1", "--system=false",
		"--use-pid-file=false", "--disallow-exit", "--log-target=stderr", "--log-level=error",
		"--load=module-native-protocol-unix auth-anonymous=1 socket="+sock,
		"--load=module-null-sink sink_name="+p.sink+" rate=48000 channels=2",
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
	t.Setenv("PULSE_SERVER", p.server)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if out, err := p.ctl("info"); err == nil && bytes.Contains(out, []byte(p.sink)) {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("pulseaudio did not come up: %v %s; its stderr: %s", err, out, stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if _, err := p.ctl("set-default-sink", p.sink); err != nil {
		t.Fatalf("pactl set-default-sink: %v", err)
	}
	return p
}

// ctl runs pactl against the server.
func (p *pulse) ctl(args ...string) ([]byte, error) {
	cmd := exec.Command("pactl", args...)
	cmd.Env = append(os.Environ(), "PULSE_SERVER="+p.server)
	return cmd.CombinedOutput()
}

var latencyRE = regexp.MustCompile(`(Buffer|Sink) Latency: ([0-9]+) usec`)

// streamLatency reads PulseAudio's own account of our stream's latency: what it
// buffers for the stream plus the sink's latency.
func (p *pulse) streamLatency() (time.Duration, error) {
	out, err := p.ctl("list", "sink-inputs")
	if err != nil {
		return 0, fmt.Errorf("pactl list sink-inputs: %v: %s", err, out)
	}
	m := latencyRE.FindAllSubmatch(out, -1)
	if len(m) < 2 {
		return 0, fmt.Errorf("no latency in pactl output %q", out)
	}
	var total time.Duration
	for _, x := range m[:2] {
		us, _ := strconv.Atoi(string(x[2]))
		total += time.Duration(us) * time.Microsecond
	}
	return total, nil
}

// monitorRMS records d of what the null sink plays (its monitor source) and returns
// the RMS level, 0 to 1.
// On a busy machine parec can take a while to start: it gets a second try, longer.
func (p *pulse) monitorRMS(d time.Duration) (float64, error) {
	var out []byte
	for try := range 2 {
		ctx, cancel := context.WithTimeout(context.Background(), d<<(2*try))
		cmd := exec.CommandContext(ctx, "parec", "-d", p.sink+".monitor", "--raw", "--format=s16le", "--channels=1", "--rate=48000", "--latency-msec=20")
		cmd.Env = append(os.Environ(), "PULSE_SERVER="+p.server)
		out, _ = cmd.Output()
		cancel()
		if len(out) >= 2*4800 {
			break
		}
	}
	if len(out) < 2*4800 {
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
