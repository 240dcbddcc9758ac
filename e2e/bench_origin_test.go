package e2e

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/smooth"
)

// benchPresentation is the directory and .ism the origin benchmark serves.
func benchPresentation() (dir, ism string) {
	if _, err := os.Stat("../testdata/demo/demo.ism"); err == nil {
		return "../testdata/demo", "demo.ism"
	}
	return "../origin/testdata/bbb", "bbb.ism"
}

// fragmentPaths lists every fragment URL path of every level of the presentation.
func fragmentPaths(b *testing.B, base, ism string) []string {
	resp, err := http.Get(base + "/" + ism + "/Manifest")
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m, err := smooth.ParseManifestBytes(body, ism)
	if err != nil {
		b.Fatal(err)
	}
	var paths []string
	for _, s := range m.Streams {
		for _, q := range s.Levels {
			s.Timeline.Each(func(f smooth.Fragment) bool {
				paths = append(paths, "/"+ism+"/"+s.FragmentURL(q, f.Start))
				return true
			})
		}
	}
	return paths
}

// extract writes each fragment the origin serves as a static file under dir, named by
// its index, so nginx can serve the same bytes without an origin.
func extract(b *testing.B, base string, paths []string, dir string) []string {
	var out []string
	for i, p := range paths {
		resp, err := http.Get(base + p)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		name := "/f" + strconv.Itoa(i) + ".mp4"
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			b.Fatal(err)
		}
		out = append(out, name)
	}
	return out
}

// load fetches paths round-robin with c concurrent clients until n requests are done;
// it returns requests per second and bytes per second.
func load(b *testing.B, base string, paths []string, c, n int) (float64, float64) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: c, MaxConnsPerHost: c}}
	var next, bytesIn atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(n) {
					return
				}
				resp, err := client.Get(base + paths[i%int64(len(paths))])
				if err != nil {
					b.Error(err)
					return
				}
				k, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Errorf("%s: %s", paths[i%int64(len(paths))], resp.Status)
					return
				}
				bytesIn.Add(k)
			}
		}()
	}
	wg.Wait()
	secs := time.Since(start).Seconds()
	client.CloseIdleConnections()
	return float64(n) / secs, float64(bytesIn.Load()) / secs
}

// peakRSS reads a process's peak resident set (VmHWM) in MiB.
func peakRSS(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkOrigin compares fragment serving by our origin with nginx serving the same
// fragments as pre-extracted static files, in one run on loopback, at 1, 16 and 128
// concurrent clients. Run with `make bench-origin`.
func BenchmarkOrigin(b *testing.B) {
	dir, ism := benchPresentation()
	o := startServe(b, "--access-log", "", dir)
	paths := fragmentPaths(b, o.URL, ism)
	static := b.TempDir()
	files := extract(b, o.URL, paths, static)
	ngx := startStaticNginx(b, static)
	for _, c := range []int{1, 16, 128} {
		b.Run(fmt.Sprintf("clients=%d", c), func(b *testing.B) {
			n := max(b.N, 200) * 4
			ours, oursBps := load(b, o.URL, paths, c, n)
			theirs, theirsBps := load(b, ngx, files, c, n)
			b.ReportMetric(ours, "origin-req/s")
			b.ReportMetric(oursBps/1e6, "origin-MB/s")
			b.ReportMetric(theirs, "nginx-req/s")
			b.ReportMetric(theirsBps/1e6, "nginx-MB/s")
			b.ReportMetric(ours/theirs, "ratio")
			b.ReportMetric(peakRSS(o.pid), "origin-peak-RSS-MiB")
		})
	}
}

// startStaticNginx serves dir with nginx on a free port.
func startStaticNginx(b *testing.B, dir string) string {
	port := freePort(b)
	conf := fmt.Sprintf("worker_processes 1;\npid %s/nginx.pid;\nerror_log %s/error.log warn;\nevents { worker_connections 4096; }\nhttp { access_log off; sendfile on; server { listen 127.0.0.1:%d; root %s; } }\n", dir, dir, port, dir)
	if os.Geteuid() == 0 {
		conf = "user root;\n" + conf
	}
	path := filepath.Join(dir, "nginx.conf")
	os.WriteFile(path, []byte(conf), 0o644)
	runNginx(b, dir, path)
	waitPort(b, fmt.Sprintf("127.0.0.1:%d", port), 10*time.Second)
	return fmt.Sprintf("http://127.0.0.1:%d", port)
}
