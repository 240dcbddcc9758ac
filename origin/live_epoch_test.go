package origin

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/smooth"
)

// maxDouble is the largest integer a JavaScript number (an IEEE double) holds exactly
// together with all those below it: 2^53.
const maxDouble = 1 << 53

// TestLiveEpochDefault: by default a channel's time 0 is the origin's start less twice
// the DVR window, so its first manifest lists a full window of small times; before the epoch
// the channel answers 503 saying when it starts; decades on, times still fit a double.
func TestLiveEpochDefault(t *testing.T) {
	start := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	_, hs := startOrigin(t, "testdata", Config{Live: true, DVRWindow: 30 * time.Second, Now: func() time.Time { return start }})
	resp, body := get(t, hs.URL+"/bbb/bbb.isml/Manifest")
	if resp.StatusCode != 200 {
		t.Fatalf("manifest at the origin's start: %s %s", resp.Status, body)
	}
	m, err := smooth.ParseManifestBytes(body, "live")
	if err != nil {
		t.Fatal(err)
	}
	s := m.Streams[0]
	if s.Timeline.End() > 60*smooth.DefaultTimeScale || s.Timeline.Start() > 32*smooth.DefaultTimeScale {
		t.Errorf("first window %d..%d, want 30 s of it ending by 60 s", s.Timeline.Start(), s.Timeline.End())
	}
	if s.Timeline.Len() < 14 {
		t.Errorf("first window has %d fragments, want the DVR window's worth (~15)", s.Timeline.Len())
	}
	early := start.Add(-2 * time.Minute)
	resp, body = get(t, hs.URL+"/bbb/bbb.isml/Manifest?now="+strconv.FormatInt(early.UnixMilli(), 10))
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "starts at 2026-11-21T11:59:00Z") {
		t.Errorf("before the epoch: %s %q, want 503 naming the start", resp.Status, body)
	}
	later := start.AddDate(25, 0, 0)
	m = liveManifestAt(t, hs.URL, later)
	for _, s := range m.Streams {
		if end := s.Timeline.End(); end >= maxDouble {
			t.Errorf("25 years on, stream %s ends at %d ≥ 2^53", s.Name, end)
		}
	}
}

// TestLiveEpochUnix: an epoch at the Unix epoch gives times a double cannot hold, and
// the tolerant lookup serves the fragments a player that rounded them asks for.
func TestLiveEpochUnix(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	_, hs := startOrigin(t, "testdata", Config{Live: true, DVRWindow: 30 * time.Second, LiveEpoch: time.Unix(0, 0)})
	m := liveManifestAt(t, hs.URL, now)
	s := m.Streams[0]
	nowQ := "?now=" + strconv.FormatInt(now.UnixMilli(), 10)
	checked := 0
	s.Timeline.Each(func(f smooth.Fragment) bool {
		if f.Start < maxDouble {
			t.Fatalf("Unix epoch: fragment at %d, below 2^53", f.Start)
		}
		rounded := uint64(float64(f.Start)) // what a JavaScript player holds
		for _, c := range []struct {
			at   uint64
			want int
		}{{rounded, 200}, {f.Start + 1, 200}, {f.Start - 1, 200}, {f.Start + 2, 404}, {f.Start - 2, 404}} {
			resp, b := get(t, hs.URL+"/bbb/bbb.isml/"+s.FragmentURL(s.Levels[0], c.at)+nowQ)
			if resp.StatusCode != c.want {
				t.Errorf("fragment at %d asked at %d: %s, want %d", f.Start, c.at, resp.Status, c.want)
				continue
			}
			if c.want != 200 {
				continue
			}
			fr, err := smooth.ParseFragment(b, smooth.FragmentOptions{})
			if err != nil || fr.Time != f.Start {
				t.Errorf("fragment at %d asked at %d: tfxd %v (%v), want its own time", f.Start, c.at, fr, err)
			}
		}
		checked++
		return checked < 4
	})
}

// TestVODTolerantLookup: a VOD fragment asked for a tick off its start is that fragment.
func TestVODTolerantLookup(t *testing.T) {
	_, hs := startOrigin(t, "testdata", Config{})
	base := hs.URL + "/bbb/bbb.ism/QualityLevels(128000)/Fragments(audio="
	_, want := get(t, base+"20053333)")
	for _, at := range []uint64{20053332, 20053334} {
		resp, b := get(t, base+strconv.FormatUint(at, 10)+")")
		if resp.StatusCode != 200 || string(b) != string(want) {
			t.Errorf("t=%d: %s, %d bytes, want the fragment at 20053333 (%d bytes)", at, resp.Status, len(b), len(want))
		}
	}
	if resp, _ := get(t, base+"20053335)"); resp.StatusCode != 404 {
		t.Errorf("two ticks off: %s, want 404", resp.Status)
	}
}

func TestNearStart(t *testing.T) {
	starts := map[uint64]bool{0: true, 10: true, 12: true, math.MaxUint64: true}
	find := func(t uint64) (uint64, bool) { return t, starts[t] }
	for _, c := range []struct {
		t, want uint64
		ok      bool
	}{
		{0, 0, true}, {1, 0, true}, {2, 0, false}, {9, 10, true}, {11, 12, true}, {13, 12, true},
		{math.MaxUint64 - 1, math.MaxUint64, true}, {math.MaxUint64, math.MaxUint64, true}, {5, 0, false},
	} {
		got, ok := nearStart(c.t, find)
		if ok != c.ok || ok && got != c.want {
			t.Errorf("nearStart(%d) = %d %v, want %d %v", c.t, got, ok, c.want, c.ok)
		}
	}
}

// TestIngestRebase: a publishing point's zero is fixed by its first fragment: FFmpeg's
// timeline from 0 stays, an encoder on the Unix clock starts near 0 (at the given epoch
// when there is one), and every stream shifts by the same instant.
func TestIngestRebase(t *testing.T) {
	const unix10M = 17961514754421252 // 2026-12-01 at 10 MHz, an odd tick
	epoch := time.Unix(1796150000, 0)
	type frag struct{ start, dur, ts, want uint64 }
	cases := []struct {
		name       string
		epoch      time.Time
		frags      []frag
		errAt      int // index of the fragment refused, -1 none
		epochGiven bool
	}{
		{"ffmpeg from 0", time.Time{}, []frag{{0, 2e7, 1e7, 0}, {2e7, 2e7, 1e7, 2e7}, {1024, 1024, 48000, 1024}}, -1, false},
		{"unix clock", time.Time{}, []frag{{unix10M, 2e7, 1e7, 4421252}, {unix10M * 48 / 10000, 1024, 48000, 21222}}, -1, false},
		{"unix clock, epoch given", epoch, []frag{{unix10M, 2e7, 1e7, unix10M - 1796150000e7}}, -1, true},
		{"from 0, epoch given", epoch, []frag{{5e6, 2e7, 1e7, 5e6}}, -1, true},
		{"before the zero", time.Time{}, []frag{{unix10M, 2e7, 1e7, 4421252}, {unix10M - 5e7, 2e7, 1e7, 0}}, 1, false},
		{"straddles the zero", time.Time{}, []frag{{30e7 + 5e6, 2e7, 1e7, 5e6}, {30e7 - 1e6, 2e6, 1e7, 0}}, -1, false},
	}
	for _, c := range cases {
		pp := &publishingPoint{}
		for i, f := range c.frags {
			got, _, err := pp.rebase(f.start, f.dur, f.ts, c.epoch, c.epochGiven)
			if (err != nil) != (i == c.errAt) {
				t.Errorf("%s: fragment %d: err %v", c.name, i, err)
				continue
			}
			if err == nil && got != f.want {
				t.Errorf("%s: fragment %d at %d (ts %d) → %d, want %d", c.name, i, f.start, f.ts, got, f.want)
			}
			if err == nil && got >= maxDouble {
				t.Errorf("%s: fragment %d at %d ≥ 2^53", c.name, i, got)
			}
		}
	}
}
