package origin

import (
	"bytes"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/smoothie-player/smoothie/smooth"
)

// TestIngestConcurrentPushes: 50 encoders push to the same Streams(ID) at once. One
// wins and is played; each of the others is refused with 409 while the winner
// pushes; the publishing point then holds exactly the winner's fragments, each served.
func TestIngestConcurrentPushes(t *testing.T) {
	_, hs := startOrigin(t, t.TempDir(), Config{Ingest: true, Archive: t.TempDir()})
	media := readDemoISMV(t)
	head := bytes.Index(media, []byte("moof")) - 4 // ftyp and moov: what starts a push
	if head <= 0 {
		t.Fatal("the demo .ismv has no moof")
	}
	const n = 50
	release := make(chan struct{})
	codes := make(chan int, n)
	var wg sync.WaitGroup
	for range n {
		pr, pw := io.Pipe()
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Post(hs.URL+"/show.isml/Streams(cam1)", "video/mp4", pr)
			if err != nil {
				codes <- 0
				pr.CloseWithError(err)
				return
			}
			resp.Body.Close()
			pr.Close()
			codes <- resp.StatusCode
		}()
		go func() {
			pw.Write(media[:head])
			<-release
			pw.Write(media[head:]) // fails for a refused push: its request is answered
			pw.Close()
		}()
	}
	// The refused answer while the winner is still open: n-1 409s before the release.
	got := map[int]int{}
	for range n - 1 {
		got[<-codes]++
	}
	close(release)
	wg.Wait()
	got[<-codes]++
	if got[http.StatusConflict] != n-1 || got[http.StatusOK] != 1 {
		t.Fatalf("answers %v, want one 200 and %d 409s", got, n-1)
	}
	resp, body := get(t, hs.URL+"/show.isml/Manifest")
	m, err := smooth.ParseManifestBytes(body, "after the pushes")
	if resp.StatusCode != http.StatusOK || err != nil || m.IsLive {
		t.Fatalf("manifest after the pushes: %s %v live=%v", resp.Status, err, m != nil && m.IsLive)
	}
	want, err := smooth.ParseMediaFile(media)
	if err != nil {
		t.Fatal(err)
	}
	frags := 0
	for _, s := range m.Streams {
		for i := uint64(0); i < s.Timeline.Len(); i++ {
			f, _ := s.Timeline.At(i)
			resp, b := get(t, hs.URL+"/show.isml/"+s.FragmentURL(s.Levels[0], f.Start))
			if _, err := smooth.ParseFragment(b, smooth.FragmentOptions{}); resp.StatusCode != http.StatusOK || err != nil {
				t.Errorf("%s fragment %d: %s %v", s.Name, i, resp.Status, err)
			}
			frags++
		}
	}
	if frags != len(want.Fragments) {
		t.Errorf("the publishing point lists %d fragments, the pushed file has %d", frags, len(want.Fragments))
	}
}
