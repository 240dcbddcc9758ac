package e2e

import (
	"encoding/csv"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/internal/syncbuf"
)

// startAgent runs `smoothie load --agent` on a free port until the test ends and
// returns its base URL and its output (a line per viewer).
func startAgent(t *testing.T) (string, *syncbuf.Buffer) {
	t.Helper()
	cmd := exec.Command(smoothie, "load", "--agent", "127.0.0.1:0")
	out := &syncbuf.Buffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() })
	re := regexp.MustCompile(`agent on (http://\S+)/viewer`)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			return m[1], out
		}
	}
	t.Fatalf("no agent line: %s", out.String())
	return "", nil
}

// TestLocustDistributesViewers: Locust (Debian's python3-locust, installed by make
// deps) runs 20 viewers for 15 s through contrib/locust/locustfile.py, split over
// two workers, each with its own `smoothie load --agent`. Each agent played its
// share, and the master's summary of the viewers' requests is the origin's access
// log (within 1 %).
func TestLocustDistributesViewers(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "access.log")
	o := startServe(t, "--access-log", logPath, demoDir)
	dir := t.TempDir()
	locustfile, _ := filepath.Abs("../contrib/locust/locustfile.py")
	port := freePort(t)
	common := []string{"-f", locustfile, "--host", o.URL + "/demo.ism/Manifest"}
	master := exec.Command("/usr/bin/locust", append(common, "--headless", "--master", "--master-bind-port", strconv.Itoa(port),
		"--expect-workers", "2", "-u", "20", "-r", "20", "--run-time", "17s", "--stop-timeout", "30", "--csv", filepath.Join(dir, "run"), "--only-summary")...)
	master.Dir = dir
	mout := &syncbuf.Buffer{}
	master.Stdout, master.Stderr = mout, mout
	if err := master.Start(); err != nil {
		t.Fatalf("locust (python3-locust, installed by make deps): %v", err)
	}
	var agents []*syncbuf.Buffer
	for range 2 {
		url, out := startAgent(t)
		agents = append(agents, out)
		w := exec.Command("/usr/bin/locust", append(common, "--worker", "--master-port", strconv.Itoa(port))...)
		w.Dir = dir
		w.Env = append(os.Environ(), "SMOOTHIE_AGENT="+url, "SMOOTHIE_FOR=15s")
		wout := &syncbuf.Buffer{}
		w.Stdout, w.Stderr = wout, wout
		if err := w.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { w.Process.Kill(); w.Wait() })
	}
	done := make(chan error, 1)
	go func() { done <- master.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("locust master: %v\n%s", err, mout.String())
		}
	case <-time.After(90 * time.Second):
		master.Process.Kill()
		t.Fatalf("locust master still running after 90 s:\n%s", mout.String())
	}
	time.Sleep(time.Second) // the origin writes its last lines
	played := 0
	for i, a := range agents {
		n := strings.Count(a.String(), ": played ")
		t.Logf("agent %d played %d viewers", i, n)
		if n == 0 {
			t.Errorf("agent %d played no viewer: the workers did not share the users\n%s", i, a.String())
		}
		played += n
	}
	rows := readLocustStats(t, filepath.Join(dir, "run_stats.csv"))
	req, ok := rows["requests"]
	if !ok {
		t.Fatalf("no requests row in the master's stats:\n%s", mout.String())
	}
	total := int(math.Round(req.count * req.avgSize))
	logged := accessLogLines(t, logPath)
	t.Logf("locust: %v viewers, %d requests in its summary; agents: %d viewers; access log: %d requests; startup median %v ms",
		req.count, total, played, logged, rows["startup_ms"].median)
	if req.count != 20 || played != 20 {
		t.Errorf("%v viewers in Locust's summary, %d played by the agents, want 20", req.count, played)
	}
	if math.Abs(float64(total-logged)) > math.Max(1, 0.01*float64(logged)) {
		t.Errorf("Locust's summary counts %d requests, the origin's log %d", total, logged)
	}
	if rows["stall_permille"].count != 20 || rows["avg_kbps"].median <= 0 {
		t.Errorf("stall and bitrate rows: %+v %+v", rows["stall_permille"], rows["avg_kbps"])
	}
}

type locustRow struct{ count, avgSize, median float64 }

// readLocustStats reads Locust's --csv stats file by row name.
func readLocustStats(t *testing.T, path string) map[string]locustRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("%s: %v (%d rows)", path, err, len(recs))
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	num := func(r []string, h string) float64 {
		i, ok := col[h]
		if !ok {
			t.Fatalf("%s: no %q column in %v", path, h, recs[0])
		}
		v, _ := strconv.ParseFloat(r[i], 64)
		return v
	}
	out := map[string]locustRow{}
	for _, r := range recs[1:] {
		out[r[col["Name"]]] = locustRow{num(r, "Request Count"), num(r, "Average Content Size"), num(r, "Median Response Time")}
	}
	return out
}
