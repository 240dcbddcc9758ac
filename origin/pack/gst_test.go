package pack

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"
)

// fragmentRoute is test scaffolding, not the origin: it answers the two IIS URL
// forms GStreamer needs (Manifest and Fragments) from files the test just packed,
// cutting each fragment out of its file at the offsets read back from mfra.
type fragmentRoute struct {
	name     string
	manifest string
	// index[stream][bitrate][time] is the file and byte range of one fragment.
	index map[string]map[string]map[string]fileRange
	mu    sync.Mutex
	hits  map[string]int // fragments served per stream
}

type fileRange struct {
	path         string
	offset, size uint64
}

var fragmentURL = regexp.MustCompile(`^/([^/]+)\.ism/QualityLevels\((\d+)\)/Fragments\((\w+)=(\d+)\)$`)

func (h *fragmentRoute) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/"+h.name+".ism/Manifest" {
		w.Header().Set("Content-Type", "text/xml")
		http.ServeFile(w, r, h.manifest)
		return
	}
	m := fragmentURL.FindStringSubmatch(r.URL.Path)
	if m == nil || m[1] != h.name {
		http.NotFound(w, r)
		return
	}
	fr, ok := h.index[m[3]][m[2]][m[4]]
	if !ok {
		http.Error(w, "no such fragment", http.StatusNotFound)
		return
	}
	f, err := os.Open(fr.path)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer f.Close()
	h.mu.Lock()
	h.hits[m[3]]++
	h.mu.Unlock()
	w.Header().Set("Content-Type", "video/mp4")
	w.Header().Set("Content-Length", strconv.FormatUint(fr.size, 10))
	buf := make([]byte, fr.size)
	if _, err := f.ReadAt(buf, int64(fr.offset)); err == nil {
		_, _ = w.Write(buf)
	}
}

// playWithGStreamer serves the presentation on loopback and plays it to the end
// with playbin (mssdemux), failing on any GStreamer error.
func playWithGStreamer(t *testing.T, dir string, res *Result, bitrates []int64, tracks [][]readFragment, wantFrames int) {
	gst, err := exec.LookPath("gst-launch-1.0")
	if err != nil {
		t.Fatal("gst-launch-1.0 is not installed (make deps installs it)")
	}
	if out, err := exec.Command("gst-inspect-1.0", "mssdemux").CombinedOutput(); err != nil {
		t.Fatalf("mssdemux not available (make deps installs gstreamer1.0-plugins-bad): %v %s", err, out)
	}
	h := &fragmentRoute{name: "demo", manifest: filepath.Join(dir, res.Manifest),
		index: map[string]map[string]map[string]fileRange{"video": {}, "audio": {}}, hits: map[string]int{}}
	for i, file := range res.Files {
		stream := "video"
		if i == len(res.Files)-1 {
			stream = "audio"
		}
		byTime := map[string]fileRange{}
		for _, f := range tracks[i] {
			byTime[strconv.FormatUint(f.Time, 10)] = fileRange{filepath.Join(dir, file), f.Offset, f.Size}
		}
		h.index[stream][strconv.FormatInt(bitrates[i], 10)] = byTime
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	uri := fmt.Sprintf("http://%s/demo.ism/Manifest", ln.Addr())
	cmd := exec.CommandContext(ctx, gst, "-v", "playbin", "uri="+uri,
		"video-sink=fakesink name=vsink silent=false", "audio-sink=fakesink name=asink silent=false")
	cmd.Env = append(os.Environ(), "GST_DEBUG=*:1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("gst-launch-1.0 playbin %s: %v\n%s", uri, err, out)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.hits["video"] < len(tracks[0]) || h.hits["audio"] < len(tracks[len(tracks)-1]) {
		t.Fatalf("GStreamer fetched %v fragments, want every fragment of both streams\n%s", h.hits, out)
	}
	vframes := len(regexp.MustCompile(`chain\s+\*+ \(vsink:sink\)`).FindAll(out, -1))
	aframes := len(regexp.MustCompile(`chain\s+\*+ \(asink:sink\)`).FindAll(out, -1))
	// gst-launch's -v notifications can coalesce, so allow a few frames to go unreported.
	if vframes < wantFrames*9/10 {
		t.Fatalf("GStreamer reported %d rendered video frames, want about %d", vframes, wantFrames)
	}
	if aframes == 0 {
		t.Fatal("GStreamer rendered no audio")
	}
	t.Logf("GStreamer reported %d video frames and %d audio buffers", vframes, aframes)
	t.Logf("GStreamer played %s to the end: %v fragments", uri, h.hits)
}
