package player

import (
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/media"
)

// recordingPolicy keeps the last input it was asked about.
type recordingPolicy struct{ last abr.Input }

func (r *recordingPolicy) Name() string { return "recording" }
func (r *recordingPolicy) Select(in abr.Input) abr.Decision {
	r.last = in
	return abr.Decision{Level: 0}
}

// videoTrack is a video track at levels (bits/s, w×h).
func videoTrack(levels ...[3]int) *track {
	tr := &track{kind: media.KindVideo, name: "video", dlLevel: -1, level: -1}
	for _, l := range levels {
		tr.ladder = append(tr.ladder, Level{Bitrate: int64(l[0]), Width: l[1], Height: l[2], Codec: "h264"})
	}
	return tr
}

// vodChunk is the i-th of n 2 s chunks.
func vodChunk(i, n int) Chunk {
	return Chunk{Start: time.Duration(i) * 2 * time.Second, Duration: 2 * time.Second, Left: n - i}
}

// session is a session that has not run, for the policy input.
func session(t *testing.T, cfg Config) *Session {
	t.Helper()
	cfg.URL = "http://127.0.0.1:1/x.ism/Manifest"
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestPolicyInput: what the session knows reaches the engine in abr's own terms
// (the cases of the former PolicyInput→abr.Input translation).
func TestPolicyInput(t *testing.T) {
	s := session(t, Config{})
	tr := videoTrack([3]int{100_000, 0, 0}, [3]int{300_000, 320, 180})
	tr.dlLevel, tr.level = 1, 1
	s.st.Video.FrameDuration = 40 * time.Millisecond
	tr.decode = []abr.DecodeStats{{}, {Frames: 50, Dropped: 1, MeanFrame: time.Millisecond}}
	s.pin = Quality{Level: 1}
	s.cfg.Meter.Observe(abr.Transfer{Level: 1, Bytes: 75_000, TTFB: 10 * time.Millisecond, Duration: time.Second, ConcurrentBytes: 5000, End: 4 * time.Second})
	fr := vodChunk(1, 5)
	now := s.cfg.Clock.Now()
	s.start = now.Add(-5 * time.Second)
	a := s.policyInput(tr, fr, 8*time.Second, now)
	if len(a.Ladder) != 2 || a.Ladder[1].Bitrate != 300_000 || a.Ladder[1].FPS != 25 || a.Current != 1 || a.ChunksLeft != 4 ||
		a.Now != 5*time.Second || a.Buffer != 8*time.Second || a.MaxBuffer != 30*time.Second || a.ChunkDuration != 2*time.Second ||
		len(a.Transfers) != 1 || a.Transfers[0].ConcurrentBytes != 5000 || a.Decode[1].Dropped != 1 || !a.Pinned || a.Pin != 0 || a.MaxLevel != -1 {
		t.Fatalf("%+v", a)
	}
	if a.Throughput <= 0 || a.Throughput != s.cfg.Meter.Estimate() {
		t.Fatalf("the engine gets %.0f bit/s, the meter says %.0f", a.Throughput, s.cfg.Meter.Estimate())
	}
	// The window cap reaches the engine, which applies it and says so.
	s = session(t, Config{ViewSize: func() (int, int) { return 640, 360 }})
	tr = videoTrack([3]int{100_000, 320, 180}, [3]int{300_000, 640, 360}, [3]int{900_000, 1280, 720})
	tr.dlLevel = 2
	s.cfg.Meter.Observe(abr.Transfer{Level: 2, Bytes: 1_000_000, Duration: 100 * time.Millisecond})
	s.cfg.Meter.Observe(abr.Transfer{Level: 2, Bytes: 1_000_000, Duration: 100 * time.Millisecond})
	fr = Chunk{Start: 20 * time.Second, Duration: 2 * time.Second, Left: -1}
	capped := s.policyInput(tr, fr, 20*time.Second, s.cfg.Clock.Now())
	if capped.MaxLevel != 1 {
		t.Fatalf("a 640x360 window reached the engine as MaxLevel %d", capped.MaxLevel)
	}
	smoothie, _ := abr.New("smoothie")
	if d := smoothie.Select(capped); d.Level != 1 || len(capsOf(d.Proposals, 3)) != 1 || capsOf(d.Proposals, 3)[0].Reason != CapWindow || capsOf(d.Proposals, 3)[0].Level != 2 {
		t.Fatalf("capped at level 2 by the window: %+v", d)
	}
	a.Pinned = false
	for _, name := range abr.Names() {
		p, err := abr.New(name)
		if err != nil {
			t.Fatal(err)
		}
		if d := p.Select(a); d.Level < 0 || d.Level > 1 || d.Reason == "" {
			t.Errorf("%s: %+v", name, d)
		}
	}
}

// TestPolicyInputSensors: the device's power and CPU state and the decode budget
// reach the engine; the battery and CPU rules then cap and the caps are people's
// levels.
func TestPolicyInputSensors(t *testing.T) {
	power := abr.Power{Known: true, Level: 0.12, Saver: true}
	s := session(t, Config{Sensors: func() (abr.Power, float64) { return power, 0.7 }, DecodeBudget: 0.6})
	tr := videoTrack([3]int{300_000, 0, 0})
	fr := vodChunk(0, 5)
	rec := &recordingPolicy{}
	rec.Select(s.policyInput(tr, fr, 0, s.cfg.Clock.Now()))
	if rec.last.Power != power || rec.last.CPULoad != 0.7 || rec.last.DecodeBudget != 0.6 {
		t.Errorf("the engine saw power %+v, CPU %v, budget %v", rec.last.Power, rec.last.CPULoad, rec.last.DecodeBudget)
	}
	// Without sensors the CPU load is unknown and the power state the zero value.
	s = session(t, Config{})
	rec.Select(s.policyInput(tr, fr, 0, s.cfg.Clock.Now()))
	if rec.last.CPULoad >= 0 || rec.last.Power.Known {
		t.Errorf("without sensors: power %+v, CPU %v", rec.last.Power, rec.last.CPULoad)
	}
	// The battery rule of the real engine reacts: low and discharging caps the level.
	ladder := ladder3()
	in := abr.Input{Now: 20 * time.Second, Ladder: ladderOf(ladder, 40*time.Millisecond), Current: 2, Buffer: 25 * time.Second, MaxBuffer: 30 * time.Second,
		ChunkDuration: 2 * time.Second, ChunksLeft: 10, CPULoad: -1, MaxLevel: -1}
	for i := 0; i < 8; i++ {
		in.Transfers = append(in.Transfers, abr.Transfer{Level: 2, Bytes: 2_500_000, Duration: time.Second, End: time.Duration(i+1) * 2 * time.Second})
	}
	pol, _ := abr.New("smoothie")
	full := pol.Select(in)
	pol2, _ := abr.New("smoothie")
	lowIn := in
	lowIn.Power = abr.Power{Known: true, Level: 0.05, Saver: true}
	low := pol2.Select(lowIn)
	if low.Level >= full.Level {
		t.Errorf("on a low battery in saver mode the engine chose level %d (%s), on mains %d (%s)", low.Level, low.Reason, full.Level, full.Reason)
	}
	// ... and says so in the decision's caps, in people's levels; on mains nothing is capped.
	lowCaps, fullCaps := capsOf(low.Proposals, 3), capsOf(full.Proposals, 3)
	if len(lowCaps) != 1 || lowCaps[0].Reason != CapBattery || lowCaps[0].Level != low.Level+1 || lowCaps[0].Note == "" || len(fullCaps) != 0 {
		t.Errorf("caps on a low battery %+v (level %d), on mains %+v", lowCaps, low.Level, fullCaps)
	}
	// Decoding too slow for the upper levels is a CPU cap.
	in.Decode = []abr.DecodeStats{{Frames: 100, MeanFrame: 30 * time.Millisecond}, {}, {}}
	pol3, _ := abr.New("smoothie")
	slow := capsOf(pol3.Select(in).Proposals, 3)
	if len(slow) != 1 || slow[0].Reason != CapCPU || slow[0].Level != 1 {
		t.Errorf("caps with 30 ms decode at the lowest level of 40 ms frames: %+v", slow)
	}
}

// ladder3 is a three-level ladder up to 720p.
func ladder3() []Level {
	return []Level{{Bitrate: 300000, Width: 320, Height: 180}, {Bitrate: 1000000, Width: 640, Height: 360}, {Bitrate: 2500000, Width: 1280, Height: 720}}
}

// TestAfterFailures: the engine's choice does not climb away from failing downloads.
func TestAfterFailures(t *testing.T) {
	for _, c := range []struct {
		current, failures, engine, want int
		pinned                          bool
	}{
		{2, 0, 4, 4, false},  // no failure: the engine decides
		{2, 1, 4, 2, false},  // one failure: held
		{2, 1, 1, 1, false},  // going down anyway
		{2, 2, 4, 1, false},  // two: one down
		{2, 5, 2, 1, false},  // staying after a skip: one down
		{0, 5, 3, 0, false},  // at the bottom: held
		{2, 5, 4, 4, true},   // pinned: as asked
		{-1, 0, 3, 3, false}, // no download yet
	} {
		in := abr.Input{Current: c.current, Pinned: c.pinned}
		got := afterFailures(in, c.failures, abr.Decision{Level: c.engine, Reason: "engine"})
		if got.Level != c.want || (got.Level != c.engine) == (got.Reason == "engine") {
			t.Errorf("%+v: level %d (%q), want %d", c, got.Level, got.Reason, c.want)
		}
	}
}
