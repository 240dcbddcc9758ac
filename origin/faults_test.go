package origin

import (
	"bytes"
	"errors"
	"github.com/smoothie-player/smoothie/internal/shape"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/abr/trace"
)

func TestParseFault(t *testing.T) {
	good := []struct {
		spec string
		want Fault
	}{
		{"500:5%", Fault{Kind: FaultStatus, Status: 500, Probability: 0.05}},
		{"503:0.5", Fault{Kind: FaultStatus, Status: 503, Probability: 0.5}},
		{"reset:2%", Fault{Kind: FaultReset, Probability: 0.02}},
		{"truncate:100%", Fault{Kind: FaultTruncate, Probability: 1}},
		{"stall:1%:10s", Fault{Kind: FaultStall, Probability: 0.01, Stall: 10 * time.Second}},
		{"stall:1%", Fault{Kind: FaultStall, Probability: 0.01, Stall: 10 * time.Second}},
		{"corrupt:1%@video", Fault{Kind: FaultCorrupt, Probability: 0.01, Stream: "video"}},
		{"404:10%@300000", Fault{Kind: FaultStatus, Status: 404, Probability: 0.1, Bitrate: 300000}},
	}
	for _, tc := range good {
		got, err := ParseFault(tc.spec)
		if err != nil || got != tc.want {
			t.Errorf("%s: %+v %v", tc.spec, got, err)
		}
	}
	for _, spec := range []string{"", "500", "200:5%", "boom:5%", "500:150%", "500:-1%", "500:x", "reset:1%:5s", "stall:1%:-3s", "stall:1%:soon", "500:1:2:3", "500:5%@", "500:5%@ "} {
		if _, err := ParseFault(spec); err == nil || !strings.Contains(err.Error(), spec) {
			t.Errorf("%q: err %v", spec, err)
		}
	}
}

const fragPath = "/bbb/bbb.ism/QualityLevels(128000)/Fragments(audio=20053333)"

// statuses fetches the fragment n times and returns the status codes (0 for a
// transport error).
func statuses(t *testing.T, base string, n int) []int {
	var out []int
	for i := 0; i < n; i++ {
		resp, err := http.Get(base + fragPath)
		if err != nil {
			out = append(out, 0)
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		out = append(out, resp.StatusCode)
	}
	return out
}

func TestFaultsDeterministic(t *testing.T) {
	f, _ := ParseFault("500:50%")
	_, a := startOrigin(t, "testdata", Config{Faults: []Fault{f}, Seed: 7})
	_, b := startOrigin(t, "testdata", Config{Faults: []Fault{f}, Seed: 7})
	_, c := startOrigin(t, "testdata", Config{Faults: []Fault{f}, Seed: 8})
	sa, sb, sc := statuses(t, a.URL, 40), statuses(t, b.URL, 40), statuses(t, c.URL, 40)
	fails := 0
	for i := range sa {
		if sa[i] != sb[i] {
			t.Fatalf("same seed, different faults: %v vs %v", sa, sb)
		}
		if sa[i] == 500 {
			fails++
		}
	}
	if fails < 8 || fails > 32 {
		t.Errorf("%d of 40 failed at 50%%: %v", fails, sa)
	}
	if equalInts(sa, sc) {
		t.Errorf("another seed gave the same sequence")
	}
	// Scoped to another stream: never applies.
	g, _ := ParseFault("500:100%@video")
	_, d := startOrigin(t, "testdata", Config{Faults: []Fault{g}})
	for _, s := range statuses(t, d.URL, 5) {
		if s != 200 {
			t.Errorf("fault scoped to video hit audio: %d", s)
		}
	}
}

func equalInts(a, b []int) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestFaultKinds(t *testing.T) {
	_, clean := startOrigin(t, "testdata", Config{})
	_, want := get(t, clean.URL+fragPath)
	fault := func(spec string) string {
		f, err := ParseFault(spec)
		if err != nil {
			t.Fatal(err)
		}
		_, hs := startOrigin(t, "testdata", Config{Faults: []Fault{f}})
		return hs.URL + fragPath
	}
	// reset: a transport error, no response.
	if _, err := http.Get(fault("reset:100%")); err == nil {
		t.Errorf("reset: got a response")
	}
	// truncate: the body ends early against its Content-Length.
	resp, err := http.Get(fault("truncate:100%"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !errors.Is(err, io.ErrUnexpectedEOF) || len(got) >= len(want) || resp.ContentLength != int64(len(want)) {
		t.Errorf("truncate: %d of %d bytes, err %v", len(got), len(want), err)
	}
	// corrupt: same length, moof intact, samples differ.
	resp, got = get(t, fault("corrupt:100%"))
	if resp.StatusCode != 200 || len(got) != len(want) || bytes.Equal(got, want) || !bytes.Equal(got[:800], want[:800]) {
		t.Errorf("corrupt: %s, %d bytes, equal %v", resp.Status, len(got), bytes.Equal(got, want))
	}
	// stall: the whole body arrives, after at least the stall.
	start := time.Now()
	resp, got = get(t, fault("stall:100%:400ms"))
	if took := time.Since(start); took < 400*time.Millisecond || !bytes.Equal(got, want) {
		t.Errorf("stall: %v, equal %v", took, bytes.Equal(got, want))
	}
	if resp.Header.Get("X-Smoothie-Fault") != "stall" {
		t.Errorf("fault header %q", resp.Header.Get("X-Smoothie-Fault"))
	}
}

func TestShaping(t *testing.T) {
	fetch := func(base string, parallel int) time.Duration {
		start := time.Now()
		done := make(chan struct{}, parallel)
		for i := 0; i < parallel; i++ {
			go func() {
				resp, err := http.Get(base + fragPath)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				done <- struct{}{}
			}()
		}
		for i := 0; i < parallel; i++ {
			<-done
		}
		return time.Since(start)
	}
	_, clean := startOrigin(t, "testdata", Config{})
	_, body := get(t, clean.URL+fragPath)
	floor := fetch(clean.URL, 2)

	const bps = 1_000_000
	_, shaped := startOrigin(t, "testdata", Config{Rate: ConstantRate(bps)})
	global := fetch(shaped.URL, 2)
	// Two fragments through one 1 Mbit/s bucket take their bits over the rate, less one
	// bucket of burst.
	ideal := time.Duration(float64(2*len(body)-shape.Chunk) * 8 / bps * float64(time.Second))
	if global < ideal*9/10 {
		t.Errorf("global 1 Mbit/s: %v for %d bytes, want at least %v", global, 2*len(body), ideal*9/10)
	}
	if global < 5*floor {
		t.Errorf("shaped %v not clearly slower than unshaped %v", global, floor)
	}
	// Per connection, each of two connections has its own bucket: clearly faster.
	s, err := New(Config{Dir: "testdata", Rate: ConstantRate(bps), ShapePerConn: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	hs := httptest.NewUnstartedServer(s)
	hs.Config.ConnContext = s.ConnContext
	hs.Start()
	defer hs.Close()
	perConn := fetch(hs.URL, 2)
	if perConn > global*8/10 {
		t.Errorf("per-connection shaping %v not faster than one global bucket %v", perConn, global)
	}
	// Latency delays the first byte.
	_, slow := startOrigin(t, "testdata", Config{Latency: 300 * time.Millisecond})
	start := time.Now()
	get(t, slow.URL+"/bbb/bbb.ism/Manifest")
	if took := time.Since(start); took < 300*time.Millisecond {
		t.Errorf("latency: answered in %v", took)
	}
}

func TestParseRate(t *testing.T) {
	for in, want := range map[string]float64{"2Mbps": 2e6, "2M": 2e6, "500kbps": 5e5, "1.5Mbit/s": 1.5e6, "800000": 8e5, " 3 mbps ": 3e6} {
		if got, err := ParseRate(in); err != nil || got != want {
			t.Errorf("%q: %v %v", in, got, err)
		}
	}
	for _, in := range []string{"", "fast", "-1M", "0", "2Tbps"} {
		if _, err := ParseRate(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}

// TestTraceShaping: a trace's outage (0 Mbit/s) holds a response until the link is
// back, and its rate then applies.
func TestTraceShaping(t *testing.T) {
	tr, err := trace.Parse(strings.NewReader("0 0\n0.6 0\n10 2\n"), "outage")
	if err != nil {
		t.Fatal(err)
	}
	_, hs := startOrigin(t, "testdata", Config{Rate: TraceRate(tr)})
	start := time.Now()
	resp, body := get(t, hs.URL+fragPath)
	took := time.Since(start)
	if resp.StatusCode != 200 || took < 600*time.Millisecond {
		t.Errorf("through a 0.6 s outage: %s in %v", resp.Status, took)
	}
	// After the outage, 2 Mbit/s: the body takes its bits over the rate (less a burst).
	if want := 600*time.Millisecond + time.Duration(float64(len(body)-shape.Chunk)*8/2e6*float64(time.Second))*9/10; took < want {
		t.Errorf("took %v, want at least %v", took, want)
	}
}
