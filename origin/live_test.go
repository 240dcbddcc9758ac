package origin

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/smooth"
)

func liveManifestAt(t *testing.T, base string, now time.Time) *smooth.Manifest {
	t.Helper()
	resp, body := get(t, base+"/bbb/bbb.isml/Manifest?now="+strconv.FormatInt(now.UnixMilli(), 10))
	if resp.StatusCode != 200 {
		t.Fatalf("live manifest: %s %s", resp.Status, body)
	}
	m, err := smooth.ParseManifestBytes(body, "live")
	if err != nil {
		t.Fatalf("%v\n%s", err, body)
	}
	return m
}

func TestLiveChannel(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	epoch := now.Add(-time.Hour)
	_, hs := startOrigin(t, "testdata", Config{Live: true, DVRWindow: 30 * time.Second, Lookahead: 2, LiveEpoch: epoch})
	m := liveManifestAt(t, hs.URL, now)
	if !m.IsLive || m.LookaheadCount != 2 || m.DVRWindowLength != 30*smooth.DefaultTimeScale || m.Duration != 0 {
		t.Fatalf("root: live %v lookahead %d dvr %d duration %d", m.IsLive, m.LookaheadCount, m.DVRWindowLength, m.Duration)
	}
	s := m.Streams[0]
	nowT := uint64(now.Sub(epoch) / 100) // ticks since the channel's epoch
	// The window covers the DVR length up to the live edge, less the held-back lookahead.
	if s.Timeline.End() > nowT || s.Timeline.Start()+30*smooth.DefaultTimeScale < nowT-3*smooth.DefaultTimeScale {
		t.Errorf("window %d..%d at now %d", s.Timeline.Start(), s.Timeline.End(), nowT)
	}
	if s.Timeline.Len() < 10 {
		t.Fatalf("only %d fragments in a 30 s window of ~2 s fragments", s.Timeline.Len())
	}
	// Timestamps continue across loops: no overlap, and gaps shorter than a fragment.
	prev := smooth.Fragment{}
	s.Timeline.Each(func(f smooth.Fragment) bool {
		if prev.Duration > 0 && (f.Start < prev.End() || f.Start-prev.End() > f.Duration) {
			t.Errorf("fragment at %d after one ending at %d", f.Start, prev.End())
		}
		prev = f
		return true
	})
	nowQ := "?now=" + strconv.FormatInt(now.UnixMilli(), 10)
	// Every listed fragment is served, re-timed, with tfrf naming only available fragments.
	s.Timeline.Each(func(f smooth.Fragment) bool {
		resp, b := get(t, hs.URL+"/bbb/bbb.isml/"+s.FragmentURL(s.Levels[0], f.Start)+nowQ)
		if resp.StatusCode != 200 {
			t.Fatalf("fragment at %d: %s %s", f.Start, resp.Status, b)
		}
		fr, err := smooth.ParseFragment(b, smooth.FragmentOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if fr.Time != f.Start || fr.Duration != f.Duration || len(fr.Samples) == 0 {
			t.Errorf("fragment at %d: tfxd %d+%d, %d samples", f.Start, fr.Time, fr.Duration, len(fr.Samples))
		}
		if len(fr.Lookahead) == 0 || len(fr.Lookahead) > 2 {
			t.Errorf("fragment at %d: %d tfrf entries", f.Start, len(fr.Lookahead))
		}
		for _, la := range fr.Lookahead {
			if la.End() > nowT {
				t.Errorf("tfrf announces t=%d ending after now", la.Start)
			}
		}
		return true
	})
	// FragmentInfo: the moof alone, with its tfxd and tfrf.
	f0, _ := s.Timeline.At(s.Timeline.Base)
	info := strings.Replace(s.FragmentURL(s.Levels[0], f0.Start), "/Fragments(", "/FragmentInfo(", 1)
	if resp, b := get(t, hs.URL+"/bbb/bbb.isml/"+info+nowQ); resp.StatusCode != 200 {
		t.Errorf("FragmentInfo: %s %s", resp.Status, b)
	} else if fi, err := smooth.ParseFragment(b, smooth.FragmentOptions{}); err != nil || fi.HasData || fi.Time != f0.Start || len(fi.Lookahead) == 0 {
		t.Errorf("FragmentInfo at %d: %v %v", f0.Start, err, fi)
	}
	// Past the edge: 412 with an empty body until the fragment is complete.
	last, _ := s.Timeline.Last()
	next := last.End()
	for i := 0; i < 3; i++ {
		resp, b := get(t, hs.URL+"/bbb/bbb.isml/"+s.FragmentURL(s.Levels[0], next)+nowQ)
		if i < 2 && resp.StatusCode != 200 {
			t.Errorf("held-back fragment %d at %d: %s", i, next, resp.Status)
		}
		if i == 2 && (resp.StatusCode != http.StatusPreconditionFailed || len(b) != 0) {
			t.Errorf("future fragment at %d: %s %q", next, resp.Status, b)
		}
		fr, _ := smooth.ParseFragment(b, smooth.FragmentOptions{})
		if fr != nil {
			next = fr.Time + fr.Duration
		}
	}
	later := now.Add(10 * time.Second)
	if resp, _ := get(t, hs.URL+"/bbb/bbb.isml/"+s.FragmentURL(s.Levels[0], next)+"?now="+strconv.FormatInt(later.UnixMilli(), 10)); resp.StatusCode != 200 {
		t.Errorf("fragment at %d, 10 s later: %s", next, resp.Status)
	}
	// Out of the DVR window: 404.
	first, _ := s.Timeline.At(s.Timeline.Base)
	gone := now.Add(45 * time.Second)
	if resp, _ := get(t, hs.URL+"/bbb/bbb.isml/"+s.FragmentURL(s.Levels[0], first.Start)+"?now="+strconv.FormatInt(gone.UnixMilli(), 10)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("fragment out of the DVR window: %s", resp.Status)
	}
	// A refreshed manifest merges into the old timeline as a player's would.
	m2 := liveManifestAt(t, hs.URL, now.Add(7*time.Second))
	tl := s.Timeline
	if err := tl.Merge(m2.Streams[0].Timeline); err != nil {
		t.Fatal(err)
	}
	if tl.End() != m2.Streams[0].Timeline.End() || tl.End() <= s.Timeline.End() {
		t.Errorf("merged end %d, refreshed %d, old %d", tl.End(), m2.Streams[0].Timeline.End(), s.Timeline.End())
	}
	// The VOD presentation is still served as VOD.
	if vod := liveManifestPath(t, hs.URL+"/bbb/bbb.ism/Manifest"); vod.IsLive {
		t.Errorf("VOD manifest became live")
	}
}

func liveManifestPath(t *testing.T, u string) *smooth.Manifest {
	_, body := get(t, u)
	m, err := smooth.ParseManifestBytes(body, u)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestLiveFindAndEdge(t *testing.T) {
	// A stream of 3 fragments (0,2), (2,2), (4,1) looped with a period of 5 s at 10 MHz.
	tl, _ := smooth.NewTimeline([]smooth.Run{{Start: 0, Duration: 2e7, Count: 2}, {Start: 4e7, Duration: 1e7, Count: 1}})
	ls := &liveStream{s: &smooth.StreamIndex{TimeScale: 1e7, Timeline: tl}, n: 3, starts: []uint64{0, 2e7, 4e7}, durs: []uint64{2e7, 2e7, 1e7}, periodRoot: 5e7, rootScale: 1e7}
	for _, g := range []uint64{0, 1, 2, 3, 4, 5, 3000000000} {
		at, _ := ls.at(g)
		back, ok := ls.find(at)
		if !ok || back != g {
			t.Errorf("find(at(%d)=%d) = %d %v", g, at, back, ok)
		}
	}
	if _, ok := ls.find(1e7); ok {
		t.Errorf("found a fragment in the middle of one")
	}
	for _, c := range []struct{ now, edge uint64 }{{2e7, 0}, {3.9e7, 0}, {4e7, 1}, {5e7, 2}, {6.9e7, 2}, {7e7, 3}} {
		if e, ok := ls.edge(c.now); !ok || e != c.edge {
			t.Errorf("edge(%d) = %d %v, want %d", c.now, e, ok, c.edge)
		}
	}
	if _, ok := ls.edge(1e7); ok {
		t.Errorf("an edge before the first fragment ended")
	}
}
