package smooth

import (
	"bytes"
	"io"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"
)

// repeatedChunks is a manifest whose video timeline is n lines of <c d="1"/>,
// read from a generator: the document never exists whole in memory.
func repeatedChunks(n int) io.Reader {
	head := `<SmoothStreamingMedia MajorVersion="2" MinorVersion="2" Duration="0" TimeScale="10000000">
<StreamIndex Type="video" Url="QualityLevels({bitrate})/Fragments(video={start time})"><QualityLevel Index="0" Bitrate="1" FourCC="H264"/>
<c t="0" d="1"/>`
	const c = "\n<c d=\"1\"/>"
	block := bytes.Repeat([]byte(c), 1000)
	rs := []io.Reader{bytes.NewReader([]byte(head))}
	for i := 0; i < (n-1)/1000; i++ {
		rs = append(rs, bytes.NewReader(block))
	}
	rs = append(rs, bytes.NewReader(block[:(n-1)%1000*len(c)]), bytes.NewReader([]byte("\n</StreamIndex></SmoothStreamingMedia>")))
	return io.MultiReader(rs...)
}

// heapPeak samples the live heap objects' bytes every millisecond while f runs
// and returns the highest figure above the figure before f.
func heapPeak(f func()) uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(s); return s[0].Value.Uint64() }
	runtime.GC()
	base := read()
	var peak uint64
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			peak = max(peak, read())
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	f()
	close(stop)
	wg.Wait()
	peak = max(peak, read())
	return peak - min(peak, base)
}

// TestParseMemoryTracksTheInput: a manifest of 300,000 equal <c> lines (3.3 MB)
// parses into one run, and the heap it needs on the way stays under 2× the
// document (it was 23×: the c elements and their runs were all held before the
// timeline was resolved).
func TestParseMemoryTracksTheInput(t *testing.T) {
	const n = 300_000
	size, _ := io.Copy(io.Discard, repeatedChunks(n))
	var m *Manifest
	var err error
	peak := heapPeak(func() { m, err = ParseManifest(repeatedChunks(n), "repeated") })
	if err != nil {
		t.Fatal(err)
	}
	tl := &m.Streams[0].Timeline
	if tl.Len() != n || len(tl.Runs()) != 1 {
		t.Fatalf("%d fragments in %d runs, want %d in 1", tl.Len(), len(tl.Runs()), n)
	}
	t.Logf("a %d-byte manifest: heap peak %d bytes (%.2f×)", size, peak, float64(peak)/float64(size))
	if peak > 2*uint64(size) {
		t.Errorf("parsing a %d-byte manifest took %d bytes of heap, want at most 2× the document", size, peak)
	}
}
