package player_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/origin"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/render/null"
)

// paceSink is an AudioSink that "plays" PCM at wall-clock pace with a 100 ms queue,
// like a sound card would; Played follows the wall clock through what was queued.
type paceSink struct {
	mu      sync.Mutex
	queued  []span // what is waiting or playing, oldest first
	started time.Time
	paused  bool
	volume  float64
	written int
}

type span struct {
	pts, dur time.Duration
}

func (p *paceSink) Format() player.AudioFormat {
	return player.AudioFormat{SampleRate: 48000, Channels: 2, Format: media.SampleFloat32}
}

// advance drops what has played by now; the caller holds p.mu.
func (p *paceSink) advance(now time.Time) {
	for len(p.queued) > 0 && !p.paused {
		el := now.Sub(p.started)
		if el < p.queued[0].dur {
			return
		}
		p.started = p.started.Add(p.queued[0].dur)
		p.queued = p.queued[1:]
	}
}

func (p *paceSink) Write(ctx context.Context, b *media.AudioBuffer) error {
	for {
		p.mu.Lock()
		now := time.Now()
		p.advance(now)
		var ahead time.Duration
		for _, s := range p.queued {
			ahead += s.dur
		}
		if ahead < 100*time.Millisecond {
			if len(p.queued) == 0 {
				p.started = now
			}
			p.queued = append(p.queued, span{b.PTS, b.Duration()})
			p.written++
			p.mu.Unlock()
			return nil
		}
		p.mu.Unlock()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func (p *paceSink) Played() (time.Duration, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	p.advance(now)
	if len(p.queued) == 0 || p.paused {
		return 0, false
	}
	return p.queued[0].pts + min(now.Sub(p.started), p.queued[0].dur), true
}

func (p *paceSink) SetPaused(v bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.paused && !v && len(p.queued) > 0 {
		p.started = time.Now()
	}
	p.paused = v
}
func (p *paceSink) Flush()              { p.mu.Lock(); p.queued = nil; p.mu.Unlock() }
func (p *paceSink) SetVolume(v float64) { p.mu.Lock(); p.volume = v; p.mu.Unlock() }
func (p *paceSink) Close() error        { return nil }

func TestAudioMasterClock(t *testing.T) {
	t.Parallel()
	url, _ := serve(t, origin.Config{})
	sink := &paceSink{}
	r := play(t, player.Config{URL: url, AudioSink: sink}, func(s *player.Session) {
		s.SetVolume(0.5)
		s.SetMuted(true)
		s.SetMuted(false)
	})
	if r.err != nil {
		t.Fatal(r.err)
	}
	st := r.stats
	t.Logf("took %v, %d buffers written, %d frames shown, %d dropped", r.took, sink.written, st.FramesShown, st.FramesDropped)
	if !st.AudioClock || sink.written == 0 || sink.volume != 0.5 {
		t.Fatalf("audio clock %v, %d buffers written, volume %v", st.AudioClock, sink.written, sink.volume)
	}
	if st.State != player.StateEnded || st.FramesShown < uint64(clipSeconds*25)*9/10 {
		t.Errorf("state %v, %d of %d frames shown against the audio clock", st.State, st.FramesShown, st.FramesDecoded)
	}
	if r.took < clipSeconds*time.Second*9/10 {
		t.Errorf("played %v of media in %v", st.Played, r.took)
	}
}

func TestPauseResumeAndLoop(t *testing.T) {
	t.Parallel()
	url, _ := serve(t, origin.Config{})
	r := play(t, player.Config{URL: url, Loop: true, PlayFor: clipSeconds*time.Second + 2*time.Second}, func(s *player.Session) {
		for s.Stats().Position < time.Second {
			time.Sleep(10 * time.Millisecond)
		}
		s.Pause()
		p0 := s.Stats().Position
		time.Sleep(500 * time.Millisecond)
		if st := s.Stats(); st.State != player.StatePaused || st.Position != p0 {
			t.Errorf("paused: state %v, position %v then %v", st.State, p0, st.Position)
		}
		s.TogglePause()
	})
	if r.err != nil {
		t.Fatal(r.err)
	}
	st := r.stats
	if st.Loops != 1 || st.Played < clipSeconds*time.Second+2*time.Second || r.took < st.Played+400*time.Millisecond {
		t.Errorf("%d loops, played %v in %v", st.Loops, st.Played, r.took)
	}
}

func TestPlaybackLogUpload(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var got bytes.Buffer
	url, _ := serve(t, origin.Config{PlayerLog: writerFunc(func(b []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return got.Write(b)
	})})
	logURL := url[:len(url)-len("/clip.ism/Manifest")] + "/log"
	r := play(t, player.Config{URL: url, LogURL: logURL, LogInterval: time.Second, PlayFor: 2 * time.Second}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	mu.Lock()
	defer mu.Unlock()
	n, summary := 0, false
	for sc := bufio.NewScanner(&got); sc.Scan(); n++ {
		var e struct {
			Session string         `json:"session"`
			Entry   map[string]any `json:"entry"`
		}
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("origin log line %q: %v", sc.Text(), err)
		}
		if e.Session != r.session.ID() {
			t.Errorf("log entry from session %q, want %q", e.Session, r.session.ID())
		}
		summary = summary || e.Entry["type"] == "summary"
	}
	if n != len(r.lines) || !summary {
		t.Errorf("origin received %d lines (summary %v), the session wrote %d", n, summary, len(r.lines))
	}
	// A log URL that does not answer never disturbs playback.
	r = play(t, player.Config{URL: url, LogURL: "http://127.0.0.1:1/log", LogInterval: 200 * time.Millisecond, PlayFor: time.Second}, nil)
	if r.err != nil || r.stats.Errors != 0 || r.stats.State != player.StateEnded {
		t.Errorf("with a dead log URL: %v, %d errors, state %v", r.err, r.stats.Errors, r.stats.State)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

// recordingPolicy is a policy that always picks the top level and keeps its inputs.
type recordingPolicy struct {
	mu  sync.Mutex
	ins []abr.Input
}

func (p *recordingPolicy) Name() string { return "recording" }

func (p *recordingPolicy) Select(in abr.Input) abr.Decision {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ins = append(p.ins, in)
	return abr.Decision{Level: len(in.Ladder) - 1, Reason: "always the top",
		Proposals: []abr.Proposal{{Rule: "cpu", Level: len(in.Ladder) - 2, Note: "a cap below the top"},
			{Rule: "cpu", Level: len(in.Ladder) - 1, Note: "a cap at the top caps nothing"}}}
}

func TestPolicySeam(t *testing.T) {
	t.Parallel()
	url, _ := serve(t, origin.Config{})
	pol := &recordingPolicy{}
	power := abr.Power{Known: true, Level: 0.42}
	sensors := func() (abr.Power, float64) { return power, 0.35 }
	r := play(t, player.Config{URL: url, Policy: pol, PlayFor: 3 * time.Second, Sensors: sensors}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	// Stats carry the policy's latest caps, the sensors' readings and the codecs.
	v := r.stats.Video
	if len(v.Caps) != 1 || v.Caps[0].Reason != player.CapCPU || r.stats.Power != power || r.stats.CPULoad != 0.35 ||
		len(v.Levels) == 0 || v.Levels[0].Codec != "h264" {
		t.Errorf("stats: caps %+v, power %+v, CPU %v, levels %+v", v.Caps, r.stats.Power, r.stats.CPULoad, v.Levels)
	}
	pol.mu.Lock()
	defer pol.mu.Unlock()
	if len(pol.ins) != len(r.videoBitrates()) || len(pol.ins) < 2 {
		t.Fatalf("%d decisions for %d video fragments", len(pol.ins), len(r.videoBitrates()))
	}
	for i, in := range pol.ins {
		if len(in.Ladder) != 3 || in.MaxBuffer != 30*time.Second || in.ChunkDuration != 2*time.Second ||
			in.ChunksLeft != len(pol.ins)-i || (i > 0 && (len(in.Transfers) == 0 || in.Current != map[bool]int{true: 0, false: 2}[i == 1])) || in.Pinned {
			t.Errorf("decision %d: %+v", i, in)
		}
	}
	for i, b := range r.videoBitrates() {
		if want := map[bool]float64{true: 100_000, false: 800_000}[i == 0]; b != want {
			t.Errorf("fragment %d at %v, want %v (the first is the smallest, then the policy's choice)", i, b, want)
		}
	}
}

// TestRenderNullSinks plays through render's headless sinks: the null audio sink
// (real-time pace on the monotonic clock) is the master clock.
func TestRenderNullSinks(t *testing.T) {
	t.Parallel()
	url, _ := serve(t, origin.Config{})
	v, a := null.NewVideo(), null.NewAudio(null.AudioConfig{})
	r := play(t, player.Config{URL: url, VideoSink: v, AudioSink: a}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	st := r.stats
	t.Logf("null sinks: took %v, %d shown, %d dropped, sink saw %+v", r.took, st.FramesShown, st.FramesDropped, v.Stats())
	if v.Stats().Shown != int64(st.FramesShown) || v.Stats().Bad != 0 {
		t.Errorf("the sink was shown %d frames (%d bad), the session counts %d", v.Stats().Shown, v.Stats().Bad, st.FramesShown)
	}
	if !st.AudioClock || st.State != player.StateEnded || st.FramesShown < clipSeconds*25*9/10 || r.took < clipSeconds*time.Second*9/10 {
		t.Errorf("audio clock %v, state %v, %d frames shown, took %v", st.AudioClock, st.State, st.FramesShown, r.took)
	}
}
