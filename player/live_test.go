package player_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/origin"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/smooth"
)

// The fixture's fragments last 2 s.
const frag = 2 * time.Second

// serveLive serves the fixture as a simulated live channel (DVR window 30 s, tfrf
// lookahead 2) through wrap, a test origin's rewrite of requests and responses; it
// returns the channel's manifest URL.
func serveLive(t *testing.T, wrap func(o http.Handler) http.Handler) string {
	t.Helper()
	// On the Unix clock: our player holds times past 2^53 (web players do not).
	o, err := origin.New(origin.Config{Dir: fixture(t), Live: true, DVRWindow: 30 * time.Second, Lookahead: 2, LiveEpoch: time.Unix(0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler = o
	if wrap != nil {
		h = wrap(o)
	}
	hs := httptest.NewUnstartedServer(h)
	hs.Config.ConnContext = o.ConnContext
	hs.Start()
	t.Cleanup(func() { hs.Close(); o.Close() })
	return hs.URL + "/clip.isml/Manifest"
}

func isFragment(r *http.Request) bool { return strings.Contains(r.URL.Path, "/Fragments(") }

// record runs h on r and returns what it answered.
func record(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

// reply writes a recorded response, with body instead of its own when not nil.
func reply(w http.ResponseWriter, rec *httptest.ResponseRecorder, code int, body []byte) {
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	if body != nil {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	} else {
		body = rec.Body.Bytes()
	}
	w.WriteHeader(code)
	w.Write(body)
}

// latencies samples Stats().LiveLatency every 100 ms while the session plays, until it
// has played for d.
func latencies(s *player.Session, d time.Duration) (lat []time.Duration, last player.Stats) {
	for {
		st := s.Stats()
		if st.State == player.StatePlaying {
			lat = append(lat, st.LiveLatency)
		}
		if st.Played >= d || st.State == player.StateEnded {
			return lat, st
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestLiveLatencyTarget: a live session starts the target latency behind the live edge
// (default 3 fragments, at least the origin's lookahead of 2 + 1, of the track with the
// longest fragments) and keeps within one
// fragment of it, its media clock (the channel's: Unix time) trailing the wall clock by
// about as much.
func TestLiveLatencyTarget(t *testing.T) {
	t.Parallel()
	// The fixture's audio fragments last 6 s: with audio, the target is 3 of those.
	for _, c := range []struct {
		set, target time.Duration
		audio       bool
	}{{0, 3 * frag, false}, {4 * frag, 4 * frag, false}, {frag, 3 * frag, false}, {0, 9 * frag, true}} {
		t.Run(fmt.Sprint(c.set, c.audio), func(t *testing.T) {
			target := c.target
			url := serveLive(t, nil)
			var lat []time.Duration
			var st player.Stats
			var wall time.Time
			r := play(t, player.Config{URL: url, NoAudio: !c.audio, PlayFor: 4 * time.Second, LiveLatency: c.set}, func(s *player.Session) {
				lat, st = latencies(s, 3*time.Second)
				wall = time.Now()
			})
			if r.err != nil {
				t.Fatal(r.err)
			}
			behind := wall.Sub(time.Unix(0, int64(st.MediaTime)))
			t.Logf("target %v: latency %v, target in stats %v, %v behind the wall clock, %d errors", target, lat, st.LiveTarget, behind, r.stats.Errors)
			if d := st.LiveTarget - target; d < 0 || d > 100*time.Millisecond || len(lat) < 10 || r.stats.Errors != 0 {
				t.Fatalf("target %v, %d samples, %d errors (%s)", st.LiveTarget, len(lat), r.stats.Errors, r.stats.LastError)
			}
			for _, l := range lat {
				// The edge the player knows moves a fragment at a time, when a
				// refresh (every half fragment) or a tfrf shows a new one: it may
				// lag the origin's by up to a refresh (3.998 s once, at load 3).
				if l < target-frag-frag/2 || l > target+frag {
					t.Fatalf("latency %v outside the target %v ± one fragment (- a refresh): %v", l, target, lat)
				}
			}
			// A fragment is available once it has ended: the edge trails the
			// wall clock by up to one fragment.
			if behind < target-frag || behind > target+2*frag {
				t.Errorf("media clock %v behind the wall clock, target %v", behind, target)
			}
		})
	}
}

// TestLiveStartFromEdge: a negative start is back from the live edge; one before the
// DVR window starts at the window's start and says so.
func TestLiveStartFromEdge(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		start, min, max time.Duration
		clamped         bool
	}{
		{-16 * time.Second, 14 * time.Second, 18 * time.Second, false},
		{-90 * time.Second, 22 * time.Second, 30 * time.Second, true},
	} {
		t.Run(c.start.String(), func(t *testing.T) {
			url := serveLive(t, nil)
			var first player.Stats
			r := play(t, player.Config{URL: url, NoAudio: true, Start: c.start, PlayFor: time.Second}, func(s *player.Session) {
				for first = s.Stats(); first.State != player.StatePlaying && first.State != player.StateEnded; first = s.Stats() {
					time.Sleep(10 * time.Millisecond)
				}
			})
			if r.err != nil {
				t.Fatal(r.err)
			}
			seeks := linesOf(r, "seek")
			t.Logf("start %v: latency %v at the first frame; seeks %v", c.start, first.LiveLatency, seeks)
			if first.LiveLatency < c.min || first.LiveLatency > c.max+time.Second {
				t.Errorf("start %v: latency %v, want %v to %v", c.start, first.LiveLatency, c.min, c.max)
			}
			if c.clamped != (len(seeks) == 1 && strings.Contains(fmt.Sprint(seeks[0]["reason"]), "outside the DVR window")) {
				t.Errorf("start %v: seek lines %v", c.start, seeks)
			}
			if r.stats.Errors != 0 {
				t.Errorf("%d errors (%s)", r.stats.Errors, r.stats.LastError)
			}
		})
	}
}

// TestLiveSeekWithinWindow: seeks back within the DVR window move the playhead; one
// before the window lands at its start, one past the live edge at the target latency,
// each saying why.
func TestLiveSeekWithinWindow(t *testing.T) {
	t.Parallel()
	url := serveLive(t, nil)
	target := 3 * frag
	var after []time.Duration
	r := play(t, player.Config{URL: url, NoAudio: true, PlayFor: 6 * time.Second}, func(s *player.Session) {
		settle := func() time.Duration {
			time.Sleep(50 * time.Millisecond)
			for st := s.Stats(); st.State != player.StatePlaying; st = s.Stats() {
				time.Sleep(10 * time.Millisecond)
			}
			return s.Stats().LiveLatency
		}
		settle()
		s.SeekBy(-10 * time.Second)
		after = append(after, settle())
		s.SeekBy(-time.Hour)
		after = append(after, settle())
		s.SeekBy(time.Hour)
		after = append(after, settle())
	})
	if r.err != nil {
		t.Fatal(r.err)
	}
	seeks := linesOf(r, "seek")
	t.Logf("latency after each seek %v; seek lines %v", after, seeks)
	if len(after) != 3 || len(seeks) != 3 || r.stats.Errors != 0 {
		t.Fatalf("%d seeks, %d seek lines, %d errors (%s)", len(after), len(seeks), r.stats.Errors, r.stats.LastError)
	}
	if after[0] < target+9*time.Second || after[0] > target+10*time.Second+2*frag {
		t.Errorf("10 s back: latency %v", after[0])
	}
	if after[1] < 22*time.Second || after[1] > 30*time.Second {
		t.Errorf("an hour back: latency %v, want the 30 s DVR window's start", after[1])
	}
	// The seek lands within half a fragment of the target; the edge may move on by a
	// fragment while the seek buffers (it did on a loaded machine: 8.02 s).
	if after[2] < target-frag || after[2] > target+frag+frag/2 {
		t.Errorf("an hour ahead: latency %v, want the target %v (+ a fragment the edge moved)", after[2], target)
	}
	for i, want := range []string{"", "outside the DVR window", "at the live edge"} {
		if got := fmt.Sprint(seeks[i]["reason"]); (want == "") != (seeks[i]["reason"] == nil) || !strings.Contains(got, want) {
			t.Errorf("seek %d reason %q, want %q", i, got, want)
		}
	}
}

// TestLiveNotYetAvailable: an origin whose manifest runs 8 s ahead of its fragments
// answers the newest fragments 404 (as a file server does) until they exist: the
// player waits for them without an error and without a gap.
func TestLiveNotYetAvailable(t *testing.T) {
	t.Parallel()
	var early atomic.Int64
	url := serveLive(t, func(o http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !isFragment(r) {
				q := r.URL.Query()
				q.Set("now", strconv.FormatInt(time.Now().Add(8*time.Second).UnixMilli(), 10))
				r.URL.RawQuery = q.Encode()
				o.ServeHTTP(w, r)
				return
			}
			rec := record(o, r)
			code := rec.Code
			if code == http.StatusPreconditionFailed {
				early.Add(1)
				code = http.StatusNotFound
			}
			reply(w, rec, code, nil)
		})
	})
	r := play(t, player.Config{URL: url, NoAudio: true, PlayFor: 5 * time.Second}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	st := r.stats
	t.Logf("%d early requests answered 404; %d errors, %d gaps, %d stalls, played %v", early.Load(), st.Errors, st.Gaps, st.Stalls, st.Played)
	if early.Load() == 0 || st.Errors != 0 || st.Gaps != 0 || st.Played < 5*time.Second {
		t.Errorf("%d early 404s, %d errors (%s), %d gaps, played %v", early.Load(), st.Errors, st.LastError, st.Gaps, st.Played)
	}
}

// TestLiveWithoutTfrf: fragments without tfrf (sparse tracks, tfdt-only encoders, a
// proxy that drops the box) from an origin that still holds 2 fragments back from its
// manifest: the player learns the next fragments from manifest refreshes, plays a
// fragment further back than with tfrf (else its buffer runs dry whenever a refresh
// comes late: it did, depending on where in a fragment the session started), and
// plays on without a stall.
func TestLiveWithoutTfrf(t *testing.T) {
	t.Parallel()
	url := serveLive(t, func(o http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := record(o, r)
			if !isFragment(r) || rec.Code != http.StatusOK {
				reply(w, rec, rec.Code, nil)
				return
			}
			f, err := smooth.ParseFragment(rec.Body.Bytes(), smooth.FragmentOptions{})
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			f.Lookahead = nil
			b, err := f.Marshal(f.TrackID)
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			reply(w, rec, http.StatusOK, b)
		})
	})
	// Sessions started at two points in a fragment: which of them stalled depended on
	// where a refresh fell.
	for _, phase := range []time.Duration{0, frag / 2} {
		t.Run(phase.String(), func(t *testing.T) {
			t.Parallel()
			time.Sleep(time.Until(time.Now().Truncate(frag).Add(frag + phase)))
			var lat []time.Duration
			r := play(t, player.Config{URL: url, NoAudio: true, PlayFor: 6 * time.Second}, func(s *player.Session) {
				lat, _ = latencies(s, 5*time.Second)
			})
			if r.err != nil {
				t.Fatal(r.err)
			}
			st := r.stats
			t.Logf("latency %v; target %v, %d refreshes, %d errors, %d stalls; stalls %v", lat, st.LiveTarget, st.ManifestRefreshes, st.Errors, st.Stalls, linesOf(r, "stall", "resume"))
			if st.Errors != 0 || st.Stalls != 0 || st.Played < 6*time.Second || st.ManifestRefreshes < 3 {
				t.Errorf("%d errors (%s), %d stalls, played %v, %d refreshes", st.Errors, st.LastError, st.Stalls, st.Played, st.ManifestRefreshes)
			}
			// The target: the origin's lookahead of 2, the fragment played, and
			// one more for the refresh.
			if st.LiveTarget != 4*frag {
				t.Errorf("target latency %v, want %v", st.LiveTarget, 4*frag)
			}
			for _, l := range lat {
				// The edge moves at manifest refreshes (every half fragment), a
				// fragment at a time.
				if l < st.LiveTarget-frag-frag/2 || l > st.LiveTarget+frag/2 {
					t.Fatalf("latency %v not within a fragment below the target %v (± a refresh): %v", l, st.LiveTarget, lat)
				}
			}
		})
	}
}

// TestLiveToVOD: the broadcast ends (the manifest turns VOD, as the origin's ingest
// does at the end of a push): the player plays to the last fragment and stops cleanly.
func TestLiveToVOD(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var final []byte
	end := time.Now().Add(3 * time.Second)
	url := serveLive(t, func(o http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if isFragment(r) || time.Now().Before(end) {
				o.ServeHTTP(w, r)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if final == nil {
				rec := record(o, r)
				m, err := smooth.ParseManifestBytes(rec.Body.Bytes(), r.URL.String())
				if err != nil {
					http.Error(w, err.Error(), http.StatusInternalServerError)
					return
				}
				m.IsLive, m.LookaheadCount, m.LookaheadAttr, m.DVRWindowLength = false, 0, "", 0
				for _, s := range m.Streams {
					s.Chunks = int(s.Timeline.Len())
					m.Duration = max(m.Duration, s.Timeline.End()-s.Timeline.Start())
				}
				final = m.Marshal()
			}
			w.Header().Set("Content-Type", "text/xml")
			w.Write(final)
		})
	})
	r := play(t, player.Config{URL: url, NoAudio: true}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	st := r.stats
	var ended bool
	for _, l := range r.lines {
		ended = ended || (l["type"] == "manifest" && l["live"] == false)
	}
	t.Logf("took %v, played %v of %v, %d errors, %d frames", r.took, st.Played, st.Duration, st.Errors, st.FramesDecoded)
	if st.State != player.StateEnded || st.Live || !ended || st.Errors != 0 || st.Gaps != 0 {
		t.Errorf("state %v, live %v, VOD manifest line %v, %d errors (%s), %d gaps", st.State, st.Live, ended, st.Errors, st.LastError, st.Gaps)
	}
	// It started the target (6 s) behind the edge and plays to the final manifest's end.
	if st.Played < 5*time.Second || st.Played > 12*time.Second || st.Duration == 0 || st.Position < st.Duration-time.Second {
		t.Errorf("played %v, at %v of %v", st.Played, st.Position, st.Duration)
	}
}

// TestLiveCatchUp: a video fragment held back for 7 s (every request for it, at any
// level: the loader's first-byte retry must not get round the hold) stalls playback;
// once the stall has left it LiveCatchUp beyond the target, the player skips to the
// live edge, says so, and plays on at the target latency.
func TestLiveCatchUp(t *testing.T) {
	t.Parallel()
	var held atomic.Bool
	var mu sync.Mutex
	var heldTime string // the held fragment's "=time)" part of its URL
	var until time.Time
	start := time.Now()
	url := serveLive(t, func(o http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if isFragment(r) && strings.Contains(r.URL.Path, "video") {
				at := r.URL.Path[strings.LastIndex(r.URL.Path, "="):]
				mu.Lock()
				if heldTime == "" && time.Since(start) > 3*time.Second {
					heldTime, until = at, time.Now().Add(7*time.Second)
					held.Store(true)
				}
				wait := time.Duration(0)
				if at == heldTime {
					wait = time.Until(until)
				}
				mu.Unlock()
				if wait > 0 {
					select {
					case <-time.After(wait):
					case <-r.Context().Done():
						return
					}
				}
			}
			o.ServeHTTP(w, r)
		})
	})
	target := 3 * frag
	var lat []time.Duration
	r := play(t, player.Config{URL: url, NoAudio: true, PlayFor: 10 * time.Second, LiveCatchUp: 2 * time.Second}, func(s *player.Session) {
		for s.Stats().LiveSkips == 0 && s.Stats().State != player.StateEnded {
			time.Sleep(50 * time.Millisecond)
		}
		time.Sleep(500 * time.Millisecond)
		lat, _ = latencies(s, 10*time.Second)
	})
	if r.err != nil {
		t.Fatal(r.err)
	}
	st := r.stats
	seeks := linesOf(r, "seek")
	t.Logf("seeks %v; latency after %v; %d stalls, %v stalled", seeks, lat, st.Stalls, st.StallTime)
	if !held.Load() || st.LiveSkips != 1 || len(seeks) != 1 || !strings.HasPrefix(fmt.Sprint(seeks[0]["reason"]), "skipped to live edge after ") {
		t.Fatalf("held %v, %d skips, seek lines %v", held.Load(), st.LiveSkips, seeks)
	}
	if st.Stalls != 1 || st.StallTime <= 0 || st.StallTime > 5*time.Second { // the fragment was held 7 s
		t.Errorf("%d stalls, %v stalled", st.Stalls, st.StallTime)
	}
	if len(lat) == 0 {
		t.Fatal("no latency sample after the skip")
	}
	for _, l := range lat {
		if l > target+frag {
			t.Fatalf("latency %v after the skip, target %v: %v", l, target, lat)
		}
	}
}

// liveInputs records the live fields of every policy input.
type liveInputs struct {
	abr.Throughput
	mu      sync.Mutex
	targets []time.Duration
}

func (l *liveInputs) Select(in abr.Input) abr.Decision {
	l.mu.Lock()
	l.targets = append(l.targets, in.LiveTarget)
	l.mu.Unlock()
	return l.Throughput.Select(in)
}

// TestLivePolicyInput: on live the policy sees the target latency beside the latency.
func TestLivePolicyInput(t *testing.T) {
	t.Parallel()
	pol := &liveInputs{}
	r := play(t, player.Config{URL: serveLive(t, nil), NoAudio: true, PlayFor: time.Second, Policy: pol}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	pol.mu.Lock()
	defer pol.mu.Unlock()
	if len(pol.targets) == 0 || pol.targets[0] != 3*frag {
		t.Errorf("live targets in the policy input %v, want %v", pol.targets, 3*frag)
	}
}

// TestStartFromEnd: on VOD a negative start is back from the end; one before the
// start starts at the start and says so.
func TestStartFromEnd(t *testing.T) {
	t.Parallel()
	url, _ := serve(t, origin.Config{})
	for _, c := range []struct {
		start, first time.Duration
		clamped      bool
	}{{-2 * time.Second, 4 * time.Second, false}, {-time.Minute, 0, true}} {
		var first time.Duration
		r := play(t, player.Config{URL: url, Start: c.start, PlayFor: 500 * time.Millisecond}, func(s *player.Session) {
			for st := s.Stats(); st.State != player.StatePlaying && st.State != player.StateEnded; st = s.Stats() {
				time.Sleep(5 * time.Millisecond)
			}
			first = s.Stats().Position
		})
		if r.err != nil {
			t.Fatal(r.err)
		}
		seeks := linesOf(r, "seek")
		if first < c.first || first > c.first+time.Second || c.clamped != (len(seeks) == 1 && strings.Contains(fmt.Sprint(seeks[0]["reason"]), "before the start")) {
			t.Errorf("start %v: first position %v, seek lines %v", c.start, first, seeks)
		}
	}
}

// TestLiveTfrfProbe: at the default target the buffer runs low once per lookahead + 1
// fragments (the manifest names the next fragment late); refetching the newest fragment
// for its tfrf learns of the next ones (on this origin the half-fragment manifest
// refresh alone also avoids the stall; on the FFmpeg ingest it did not: e2e), and
// playback does not stall in 12 s.
func TestLiveTfrfProbe(t *testing.T) {
	t.Parallel()
	r := play(t, player.Config{URL: serveLive(t, nil), NoAudio: true, PlayFor: 12 * time.Second}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	st := r.stats
	t.Logf("%d tfrf probes with news, %d refreshes, %d stalls (%v), %d errors", st.EdgeProbes, st.ManifestRefreshes, st.Stalls, st.StallTime, st.Errors)
	if st.EdgeProbes == 0 || st.Stalls != 0 || st.Errors != 0 {
		t.Errorf("%d probes, %d stalls, %d errors (%s)", st.EdgeProbes, st.Stalls, st.Errors, st.LastError)
	}
}

// TestLiveLatencyBeyondTheWindow: a latency the DVR window cannot hold (an hour in
// a 30 s window) plays from the oldest position the window holds and says so; it
// used to wait for that position forever, buffering. The oldest position is 26 s
// behind the edge most of the time, 24 s when the manifest is read just before
// a fragment leaves the window (seen once in CI on a loaded machine): the window
// less up to three fragments.
func TestLiveLatencyBeyondTheWindow(t *testing.T) {
	t.Parallel()
	url := serveLive(t, nil)
	r := play(t, player.Config{URL: url, NoAudio: true, PlayFor: 2 * time.Second, LiveLatency: time.Hour}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	seeks := linesOf(r, "seek")
	t.Logf("target %v, latency %v, played %v in %v; seeks %v", r.stats.LiveTarget, r.stats.LiveLatency, r.stats.Played, r.took, seeks)
	if r.stats.Played < 2*time.Second || r.stats.LiveTarget > 30*time.Second || r.stats.LiveTarget < 30*time.Second-3*frag {
		t.Errorf("played %v, target %v: want 2 s played at most 30 s (the window) behind the edge", r.stats.Played, r.stats.LiveTarget)
	}
	if len(seeks) == 0 || !strings.Contains(fmt.Sprint(seeks[0]["reason"]), "beyond the DVR window") {
		t.Errorf("the start does not say the latency was beyond the window: %v", seeks)
	}
}

// TestLiveStuckFails: a live stream whose edge stops moving (the manifest stays the
// same and fragments name no successor: an encoder that stopped without ending the
// broadcast) ends the session with the reason once playback has waited
// Config.LiveGiveUp for it; it used to wait forever, stalled.
func TestLiveStuckFails(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var frozen *httptest.ResponseRecorder
	url := serveLive(t, func(o http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !isFragment(r) {
				mu.Lock()
				if frozen == nil {
					frozen = record(o, r)
				}
				rec := frozen
				mu.Unlock()
				reply(w, rec, rec.Code, nil)
				return
			}
			rec := record(o, r)
			f, err := smooth.ParseFragment(rec.Body.Bytes(), smooth.FragmentOptions{})
			if rec.Code != http.StatusOK || err != nil {
				reply(w, rec, rec.Code, nil)
				return
			}
			f.Lookahead = nil
			b, _ := f.Marshal(f.TrackID)
			reply(w, rec, http.StatusOK, b)
		})
	})
	r := play(t, player.Config{URL: url, NoAudio: true, LiveGiveUp: 3 * time.Second}, nil)
	st := r.stats
	t.Logf("err %v after %v; played %v, %d refreshes, state %v", r.err, r.took, st.Played, st.ManifestRefreshes, st.State)
	if r.err == nil || !strings.Contains(r.err.Error(), "live stream not advancing: no new fragment for 3 s") {
		t.Fatalf("err %v, want live stream not advancing", r.err)
	}
	if st.ManifestRefreshes < 3 || r.took > 3*time.Second+2*frag {
		t.Errorf("%d refreshes, gave up after %v: it should keep asking, and give up 3 s after the edge stopped", st.ManifestRefreshes, r.took)
	}
	// The same limit on a channel that goes on: the edge moves every fragment
	// (2 s), so a session never waits 3 s for it.
	r = play(t, player.Config{URL: serveLive(t, nil), NoAudio: true, PlayFor: 6 * time.Second, LiveGiveUp: 3 * time.Second}, nil)
	if r.err != nil || r.stats.Played < 6*time.Second {
		t.Errorf("a live channel that goes on: %v, played %v", r.err, r.stats.Played)
	}
}
