package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestAbandonStalledDownloads: `serve --fault stall` sends half of every top-level
// video fragment and then nothing for 30 s. The player abandons each such download
// before its 8 s buffer runs dry and fetches the fragment again a level lower:
// playback never stalls and no fragment is skipped. Without the abandonment the
// first stalled download alone (10 s until the stall timeout, then retries) would
// outlast the buffer.
func TestAbandonStalledDownloads(t *testing.T) {
	o := startServe(t, "--fault", "stall:100%:30s@2500000", filepath.Join("..", "testdata", "demo"))
	stats := filepath.Join(t.TempDir(), "stats.json")
	cmd := exec.Command(smoothie, "play", "--headless", "--audio", "none", "--buffer", "8s", "--for", "24s", "--loop",
		"--stats-json", stats, o.URL+"/demo.ism/Manifest")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("smoothie play: %v\n%s", err, out)
	}
	js, err := os.ReadFile(stats)
	if err != nil {
		t.Fatal(err)
	}
	var sum struct {
		Stalls, Gaps, Abandoned, Fragments int
		Played                             float64 `json:"played_s"`
	}
	var reasons []string
	for _, l := range strings.Split(strings.TrimSpace(string(js)), "\n") {
		var e map[string]any
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("stats line %q: %v", l, err)
		}
		switch e["type"] {
		case "summary":
			json.Unmarshal([]byte(l), &sum)
		case "switch":
			reasons = append(reasons, e["reason"].(string))
		}
	}
	t.Logf("summary: %+v; switches: %q", sum, reasons)
	if sum.Abandoned == 0 {
		t.Fatalf("no download abandoned: the engine never asked for the stalling level, or waited it out\n%s", out)
	}
	if sum.Stalls != 0 || sum.Gaps != 0 || sum.Played < 23 {
		t.Errorf("%d stalls, %d gaps, %.1f s played in 24 s: the abandoned downloads should have cost nothing", sum.Stalls, sum.Gaps, sum.Played)
	}
	abandonedLines := 0
	for _, r := range reasons {
		if strings.HasPrefix(r, "abandoned: ") {
			abandonedLines++
		}
	}
	if abandonedLines != sum.Abandoned {
		t.Errorf("%d switches say \"abandoned\", the summary counts %d", abandonedLines, sum.Abandoned)
	}
	// Each stalled fragment is asked for again, lower, and that answer completes
	// (the two access-log lines come in either order: the abandoned request's is
	// written when the origin notices it is gone).
	log := o.Stderr.String()
	frag := regexp.MustCompile(`QualityLevels\((\d+)\)/Fragments\(video=(\d+)\)`)
	top, lower := map[string]int{}, map[string]int{}
	for _, l := range strings.Split(log, "\n") {
		if m := frag.FindStringSubmatch(l); m != nil && m[1] == "2500000" {
			top[m[2]]++
		} else if m != nil && strings.Contains(l, " 200 ") {
			lower[m[2]]++
		}
	}
	n := 0
	for ts, k := range top {
		n += k
		if lower[ts] < k {
			t.Errorf("the fragment at %s stalled %d times at the top, was fetched %d times lower", ts, k, lower[ts])
		}
	}
	if n < sum.Abandoned {
		t.Errorf("%d requests at the stalling level, %d abandoned", n, sum.Abandoned)
	}
	// Abandoned twice, the level is left out: the engine stops asking for it.
	if sum.Abandoned > 2 {
		t.Errorf("%d downloads abandoned in 24 s: the stalling level should be left out after two", sum.Abandoned)
	}
	if t.Failed() {
		t.Logf("access log:\n%s", log)
	}
}
