package e2e

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadAgainstAFaultyShapedOrigin: 50 virtual viewers for 20 s against `serve`
// injecting 500s into 5 % of fragment requests behind a 30 Mbit/s link. The
// report's request and 500 counts are the origin's access log's (within 1 %), and
// its stalls are the viewers' own.
func TestLoadAgainstAFaultyShapedOrigin(t *testing.T) {
	o := startServe(t, "--fault", "500:5%", "--rate", "30Mbps", demoDir)
	report := filepath.Join(t.TempDir(), "load.json")
	out, err := exec.Command(smoothie, "load", "--viewers", "50", "--for", "20s", "--ramp", "5s", "--buffer", "10s",
		"--json", report, o.URL+"/demo.ism/Manifest").CombinedOutput()
	if err != nil {
		t.Fatalf("smoothie load: %v\n%s", err, out)
	}
	t.Logf("%s", tail(string(out), 12))
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Viewers []struct {
			Stalls   int `json:"stalls"`
			Requests int `json:"requests"`
		}
		Aggregate struct {
			Viewers, NeverStarted, Failed, Stalls int
			Requests                              int
			ErrorsByKind                          map[string]int `json:"errors_by_kind"`
		}
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	a := rep.Aggregate
	// The access log: one line per answered request (the field after the user
	// agent is sc-status).
	var logged, logged500 int
	for _, l := range strings.Split(o.Stderr.String(), "\n") {
		f := strings.Fields(l)
		if len(f) != 12 || strings.HasPrefix(l, "#") {
			continue
		}
		logged++
		if f[9] == "500" {
			logged500++
		}
	}
	t.Logf("report: %d requests, %d HTTP 500, %d stalls; access log: %d requests, %d 500s", a.Requests, a.ErrorsByKind["http 500"], a.Stalls, logged, logged500)
	if a.Viewers != 50 || a.NeverStarted != 0 || a.Failed != 0 {
		t.Errorf("%d viewers, %d never started, %d failed", a.Viewers, a.NeverStarted, a.Failed)
	}
	within := func(got, want int) bool { return math.Abs(float64(got-want)) <= math.Max(1, 0.01*float64(want)) }
	if logged500 == 0 || !within(a.ErrorsByKind["http 500"], logged500) {
		t.Errorf("the report counts %d HTTP 500s, the origin's log %d", a.ErrorsByKind["http 500"], logged500)
	}
	if !within(a.Requests, logged) {
		t.Errorf("the report counts %d requests, the origin's log %d", a.Requests, logged)
	}
	stalls, requests := 0, 0
	for _, v := range rep.Viewers {
		stalls += v.Stalls
		requests += v.Requests
	}
	if stalls != a.Stalls || requests != a.Requests {
		t.Errorf("viewers' stalls add up to %d and requests to %d; the aggregate says %d and %d", stalls, requests, a.Stalls, a.Requests)
	}
}
