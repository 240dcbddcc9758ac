package load

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/internal/shape"
	"github.com/smoothie-player/smoothie/origin"
)

// countingOrigin serves the demo through origin, counting requests by status as
// the origin answers them.
type countingOrigin struct {
	URL string
	mu  sync.Mutex
	by  map[int]int
}

func (c *countingOrigin) count(code int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if code == 0 {
		n := 0
		for _, v := range c.by {
			n += v
		}
		return n
	}
	return c.by[code]
}

type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.code == 0 {
		s.code = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.code == 0 {
		s.code = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func startOrigin(t *testing.T, cfg origin.Config) *countingOrigin {
	t.Helper()
	cfg.Dir = "../testdata/demo"
	o, err := origin.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c := &countingOrigin{by: map[int]int{}}
	hs := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w}
		o.ServeHTTP(rec, r)
		c.mu.Lock()
		c.by[rec.code]++
		c.mu.Unlock()
	}))
	hs.Config.ConnContext = o.ConnContext
	hs.Start()
	t.Cleanup(func() { hs.Close(); o.Close() })
	c.URL = hs.URL + "/demo.ism/Manifest"
	return c
}

func TestRun(t *testing.T) {
	o := startOrigin(t, origin.Config{})
	var lines []Progress
	var mu sync.Mutex
	rep, err := Run(context.Background(), Config{URL: o.URL, Viewers: 8, For: 6 * time.Second, Ramp: time.Second, Buffer: 10 * time.Second,
		Progress: func(p Progress) { mu.Lock(); lines = append(lines, p); mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	a := rep.Aggregate
	t.Logf("\n%s", rep.Table())
	if a.Viewers != 8 || a.NeverStarted != 0 || a.Failed != 0 || a.Stalls != 0 || len(a.ErrorsByKind) != 0 {
		t.Errorf("8 viewers on loopback: %+v", a)
	}
	if got := o.count(0); int64(got) != a.Requests || a.Requests < 8*3 {
		t.Errorf("the viewers counted %d requests, the origin answered %d", a.Requests, got)
	}
	var perViewer int64
	for _, v := range rep.Viewers {
		perViewer += v.Requests
		if v.Type != "summary" || v.Played < 3 || v.Fragments == 0 || v.FramesDecoded == 0 {
			t.Errorf("viewer %d: %+v", v.Viewer, v)
		}
	}
	if perViewer != a.Requests {
		t.Errorf("viewers' requests add up to %d, the run's %d", perViewer, a.Requests)
	}
	if a.StartupMS.P50 <= 0 || a.AvgKbps.P50 <= 0 {
		t.Errorf("startup %+v, bitrate %+v", a.StartupMS, a.AvgKbps)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(lines) < 4 || lines[len(lines)-1].Started != 8 || lines[len(lines)-1].Playing != 8 {
		t.Fatalf("%d progress lines, the last %+v", len(lines), lines[len(lines)-1:])
	}
	if l := lines[len(lines)-1].String(); !strings.Contains(l, "viewers 8: 8 playing") || !strings.Contains(l, "req/s") {
		t.Errorf("progress line %q", l)
	}
}

// TestRunBadURL: a URL that is not a manifest fails the run once: one viewer
// tried it, the others never started.
func TestRunBadURL(t *testing.T) {
	o := startOrigin(t, origin.Config{})
	bad := strings.Replace(o.URL, "demo.ism", "nothing.ism", 1)
	_, err := Run(context.Background(), Config{URL: bad, Viewers: 20, For: 30 * time.Second})
	if err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("error %v, want the 404", err)
	}
	if n := o.count(0); n > 5 {
		t.Errorf("the origin got %d requests for a missing manifest from 20 viewers: it should be tried once", n)
	}
}

// TestRunFaults: the errors the viewers count are the faults the origin injected.
func TestRunFaults(t *testing.T) {
	f, err := origin.ParseFault("503:10%")
	if err != nil {
		t.Fatal(err)
	}
	o := startOrigin(t, origin.Config{Faults: []origin.Fault{f}, Seed: 7})
	rep, err := Run(context.Background(), Config{URL: o.URL, Viewers: 6, For: 8 * time.Second, Buffer: 30 * time.Second,
		Links: []Link{{Name: "4M", Rate: shape.Constant(4e6)}, {Name: "8M", Rate: shape.Constant(8e6)}}})
	if err != nil {
		t.Fatal(err)
	}
	a := rep.Aggregate
	t.Logf("\n%s", rep.Table())
	if got, want := a.ErrorsByKind["http 503"], o.count(503); got != want || want == 0 {
		t.Errorf("viewers counted %d 503s, the origin sent %d", got, want)
	}
	if int64(o.count(0)) != a.Requests {
		t.Errorf("viewers counted %d requests, the origin answered %d", a.Requests, o.count(0))
	}
	for _, v := range rep.Viewers {
		if v.Link != []string{"4M", "8M"}[v.Viewer%2] {
			t.Errorf("viewer %d on link %q", v.Viewer, v.Link)
		}
	}
}
