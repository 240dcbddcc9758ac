package player_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/origin"
	"github.com/smoothie-player/smoothie/player"
)

// videoBitrates lists the bitrates of the video fragment lines, in order.
func (r result) videoBitrates() []float64 {
	var out []float64
	for _, l := range r.lines {
		if l["type"] == "fragment" && l["kind"] == "video" {
			out = append(out, l["bitrate"].(float64))
		}
	}
	return out
}

func TestShapedOriginPicksLowerLevels(t *testing.T) {
	t.Parallel()
	url, _ := serve(t, origin.Config{Rate: origin.ConstantRate(600_000)})
	r := play(t, player.Config{URL: url}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	brs := r.videoBitrates()
	t.Logf("video fragments at %v, throughput estimate %d, %d stalls, took %v", brs, r.stats.Throughput, r.stats.Stalls, r.took)
	for _, b := range brs {
		if b > 300_000 {
			t.Errorf("a %v bit/s fragment over a 600 kbit/s link (audio shares it): %v", b, brs)
		}
	}
	if r.stats.Stalls > 1 || r.stats.State != player.StateEnded {
		t.Errorf("%d stalls, state %v", r.stats.Stalls, r.stats.State)
	}
	if r.stats.Throughput <= 0 || r.stats.Throughput > 2_000_000 {
		t.Errorf("throughput estimate %d for a 600 kbit/s link", r.stats.Throughput)
	}
}

func TestFaultsAreRetried(t *testing.T) {
	t.Parallel()
	url, _ := serve(t, origin.Config{Seed: 7, Faults: []origin.Fault{
		{Kind: origin.FaultStatus, Status: 500, Probability: 0.3},
		{Kind: origin.FaultReset, Probability: 0.15},
		{Kind: origin.FaultTruncate, Probability: 0.15},
	}})
	// Pinned, so the same URLs are asked whatever the timing: the origin's faults
	// are deterministic per URL and request count.
	r := play(t, player.Config{URL: url, RetryBase: 20 * time.Millisecond, Quality: player.Quality{Level: 2}}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	st := r.stats
	t.Logf("%d errors, %d gaps, %d frames decoded, %d stalls; last error %q", st.Errors, st.Gaps, st.FramesDecoded, st.Stalls, st.LastError)
	if st.Errors == 0 || r.count("error") != st.Errors {
		t.Errorf("%d errors, %d error lines: the faults were not seen", st.Errors, r.count("error"))
	}
	if st.State != player.StateEnded || st.FramesDecoded < uint64(clipSeconds*25)-uint64(st.Gaps)*50 {
		t.Errorf("state %v, %d frames decoded with %d gaps", st.State, st.FramesDecoded, st.Gaps)
	}
	for _, l := range r.lines {
		if l["type"] == "error" && l["fatal"] == true {
			t.Errorf("fatal error line %v", l)
		}
	}
}

func TestNotFoundAtEndIsEndOfStream(t *testing.T) {
	t.Parallel()
	url, o := serve(t, origin.Config{})
	last := "Fragments(video=" + lastVideoStart(t, url) + ")"
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, last) {
			http.NotFound(w, r)
			return
		}
		o.ServeHTTP(w, r)
	}))
	defer hs.Close()
	r := play(t, player.Config{URL: hs.URL + "/clip.ism/Manifest"}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	st := r.stats
	if st.State != player.StateEnded || st.Errors != 0 || st.Gaps != 0 || st.FramesDecoded != uint64(clipSeconds-2)*25 {
		t.Errorf("state %v, %d errors (%s), %d gaps, %d frames", st.State, st.Errors, st.LastError, st.Gaps, st.FramesDecoded)
	}
}

func TestStepDownThenGap(t *testing.T) {
	t.Parallel()
	// Every 300 kbit/s video request and every audio request fails.
	url, _ := serve(t, origin.Config{Faults: []origin.Fault{
		{Kind: origin.FaultStatus, Status: 503, Probability: 1, Bitrate: 300000},
		{Kind: origin.FaultStatus, Status: 500, Probability: 1, Stream: "audio"},
	}})
	r := play(t, player.Config{URL: url, RetryBase: 10 * time.Millisecond, Quality: player.Quality{Level: 2}}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	st := r.stats
	t.Logf("%d errors, %d gaps, %d frames, video fragments at %v", st.Errors, st.Gaps, st.FramesDecoded, r.videoBitrates())
	for _, b := range r.videoBitrates() {
		if b != 100_000 {
			t.Errorf("video fragment at %v: the failing level was not stepped down from", b)
		}
	}
	audioFragments := fragmentCount(t, url) - len(r.videoBitrates())
	if st.Gaps != audioFragments || st.FramesDecoded != clipSeconds*25 || st.State != player.StateEnded {
		t.Errorf("%d gaps (want %d, the audio fragments), %d frames, state %v", st.Gaps, audioFragments, st.FramesDecoded, st.State)
	}
}

func TestStalledTransferTimesOut(t *testing.T) {
	t.Parallel()
	// Some responses pause for 3 s mid-body; with a 300 ms stall timeout the player
	// gives up on them and asks again instead of waiting.
	url, _ := serve(t, origin.Config{Seed: 3, Faults: []origin.Fault{{Kind: origin.FaultStall, Probability: 0.5, Stall: 3 * time.Second}}})
	r := play(t, player.Config{URL: url, StallTimeout: 300 * time.Millisecond, RetryBase: 10 * time.Millisecond, Quality: player.Quality{Level: 1}}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	st := r.stats
	stalledErrors := 0
	for _, l := range r.lines {
		if l["type"] == "error" && strings.Contains(l["msg"].(string), "stalled") {
			stalledErrors++
		}
	}
	t.Logf("%d errors (%d stalled transfers), %d gaps, %d stalls, took %v", st.Errors, stalledErrors, st.Gaps, st.Stalls, r.took)
	if stalledErrors == 0 || st.State != player.StateEnded || st.FramesDecoded < uint64(clipSeconds*25)-uint64(st.Gaps)*50 {
		t.Errorf("%d stalled-transfer errors, state %v, %d frames", stalledErrors, st.State, st.FramesDecoded)
	}
}

func TestCorruptSamplesAndUnknownLevel(t *testing.T) {
	t.Parallel()
	_, o := serve(t, origin.Config{Seed: 2, Faults: []origin.Fault{{Kind: origin.FaultCorrupt, Probability: 0.4, Stream: "video"}}})
	// The manifest goes through a proxy that makes the first video level's FourCC
	// unknown: that level must be left out of the ladder, the rest plays.
	url := rewriteManifest(t, o, `FourCC="H264"`, `FourCC="ZZZZ"`)
	r := play(t, player.Config{URL: url, Quality: player.Quality{Level: 1}}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	st := r.stats
	t.Logf("%d levels, %d errors (%s), %d frames decoded, %d gaps", len(st.Video.Levels), st.Errors, st.LastError, st.FramesDecoded, st.Gaps)
	skipped := false
	for _, l := range r.lines {
		skipped = skipped || (l["type"] == "error" && strings.Contains(l["msg"].(string), "ZZZZ"))
	}
	if !skipped {
		t.Errorf("no error line names the level left out")
	}
	if len(st.Video.Levels) != 2 || st.State != player.StateEnded || st.FramesDecoded == 0 || st.Errors == 0 {
		t.Errorf("%d video levels, state %v, %d frames", len(st.Video.Levels), st.State, st.FramesDecoded)
	}
}

func TestShapedOriginWithTheABREngine(t *testing.T) {
	t.Parallel()
	url, _ := serve(t, origin.Config{Rate: origin.ConstantRate(600_000)})
	pol, err := abr.New("smoothie")
	if err != nil {
		t.Fatal(err)
	}
	r := play(t, player.Config{URL: url, Policy: pol}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	t.Logf("abr smoothie: video fragments at %v, %d stalls", r.videoBitrates(), r.stats.Stalls)
	for _, b := range r.videoBitrates() {
		if b > 300_000 {
			t.Errorf("a %v bit/s fragment over a 600 kbit/s link: %v", b, r.videoBitrates())
		}
	}
	if r.stats.Stalls > 1 || r.stats.State != player.StateEnded {
		t.Errorf("%d stalls, state %v", r.stats.Stalls, r.stats.State)
	}
}

// TestNothingPlayableFails: when no track can get a fragment (every fragment
// request fails, or the origin goes away mid-play), the session fails with the
// reason instead of "playing" gaps to the end; one unavailable track alone is
// gaps (TestStepDownThenGap). (The clip has 3 fragments a track, too few for
// deadRun on its own: the first case ends with no fragment played, the second
// loops.)
func TestNothingPlayableFails(t *testing.T) {
	t.Parallel()
	t.Run("every fragment fails", func(t *testing.T) {
		t.Parallel()
		url, _ := serve(t, origin.Config{Faults: []origin.Fault{{Kind: origin.FaultStatus, Status: 404, Probability: 1}}})
		r := play(t, player.Config{URL: url, RetryBase: 10 * time.Millisecond}, nil)
		t.Logf("err %v after %v, %d gaps", r.err, r.took, r.stats.Gaps)
		if r.err == nil || !strings.Contains(r.err.Error(), "nothing could be played: no track fetched and decoded anything") || !strings.Contains(r.err.Error(), "HTTP 404") {
			t.Fatalf("err %v, want nothing could be played … HTTP 404", r.err)
		}
		if r.stats.FramesDecoded != 0 {
			t.Errorf("%d gaps, %d frames before failing", r.stats.Gaps, r.stats.FramesDecoded)
		}
		if l := r.lines[len(r.lines)-2]; l["type"] != "error" || l["fatal"] != true {
			t.Errorf("the line before the summary is %v, want the fatal error", l)
		}
	})
	t.Run("every video fragment corrupt, no audio", func(t *testing.T) {
		t.Parallel()
		url, _ := serve(t, origin.Config{Faults: []origin.Fault{{Kind: origin.FaultCorrupt, Probability: 1, Stream: "video"}}})
		r := play(t, player.Config{URL: url, NoAudio: true}, nil)
		t.Logf("err %v after %v, %d fragments, %d frames, %d errors", r.err, r.took, r.stats.Fragments, r.stats.FramesDecoded, r.stats.Errors)
		if r.stats.FramesDecoded == 0 && (r.err == nil || !strings.Contains(r.err.Error(), "nothing could be played")) {
			t.Fatalf("no frame decoded, err %v: want nothing could be played", r.err)
		}
		if r.stats.FramesDecoded > 0 && r.err != nil {
			t.Fatalf("%d frames decoded, err %v", r.stats.FramesDecoded, r.err)
		}
	})
	t.Run("origin goes away", func(t *testing.T) {
		t.Parallel()
		cfg := origin.Config{Dir: fixture(t)}
		o, err := origin.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer o.Close()
		hs := httptest.NewServer(o)
		defer hs.Close()
		// Looping, so that there is always more to fetch once the origin is gone.
		r := play(t, player.Config{URL: hs.URL + "/clip.ism/Manifest", RetryBase: 10 * time.Millisecond, Loop: true}, func(s *player.Session) {
			for s.Stats().FramesShown < 25 { // a second of playback, then the origin is gone
				time.Sleep(20 * time.Millisecond)
			}
			hs.CloseClientConnections()
			hs.Listener.Close()
		})
		t.Logf("err %v after %v, %d frames, %d gaps", r.err, r.took, r.stats.FramesDecoded, r.stats.Gaps)
		if r.err == nil || !strings.Contains(r.err.Error(), "nothing can be played") {
			t.Fatalf("err %v, want nothing can be played", r.err)
		}
		if r.stats.FramesDecoded == 0 {
			t.Errorf("no frame decoded before the origin went away")
		}
	})
}
