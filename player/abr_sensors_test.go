package player

import (
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/abr"
)

// recordingPolicy keeps the last input it was asked about.
type recordingPolicy struct{ last abr.Input }

func (r *recordingPolicy) Name() string { return "recording" }
func (r *recordingPolicy) Select(in abr.Input) abr.Decision {
	r.last = in
	return abr.Decision{Level: 0}
}

func TestFromABRWithSensors(t *testing.T) {
	rec := &recordingPolicy{}
	power := abr.Power{Known: true, Level: 0.12, Saver: true}
	p := FromABRWithSensors(rec, ABRSensors{Latest: func() (abr.Power, float64) { return power, 0.7 }, DecodeBudget: 0.6})
	p.Select(PolicyInput{Levels: []Level{{Bitrate: 300000}}, Current: -1})
	if rec.last.Power != power || rec.last.CPULoad != 0.7 || rec.last.DecodeBudget != 0.6 {
		t.Errorf("the engine saw power %+v, CPU %v, budget %v", rec.last.Power, rec.last.CPULoad, rec.last.DecodeBudget)
	}
	// Without sensors the CPU load is unknown and the power state the zero value.
	FromABR(rec).Select(PolicyInput{Levels: []Level{{Bitrate: 300000}}, Current: -1})
	if rec.last.CPULoad >= 0 || rec.last.Power.Known {
		t.Errorf("without sensors: power %+v, CPU %v", rec.last.Power, rec.last.CPULoad)
	}
	// The battery rule of the real engine reacts: low and discharging caps the level.
	ladder := []Level{{Bitrate: 300000, Width: 320, Height: 180}, {Bitrate: 1000000, Width: 640, Height: 360}, {Bitrate: 2500000, Width: 1280, Height: 720}}
	in := PolicyInput{Now: 20 * time.Second, Levels: ladder, Current: 2, Buffer: 25 * time.Second, MaxBuffer: 30 * time.Second, ChunkDuration: 2 * time.Second, ChunksLeft: 10, FrameDuration: 40 * time.Millisecond}
	for i := 0; i < 8; i++ {
		in.Transfers = append(in.Transfers, Transfer{Level: 2, Bytes: 2_500_000, Duration: time.Second, End: time.Duration(i+1) * 2 * time.Second})
	}
	pol, _ := abr.New("smoothie")
	full := FromABR(pol).Select(in)
	pol2, _ := abr.New("smoothie")
	low := FromABRWithSensors(pol2, ABRSensors{Latest: func() (abr.Power, float64) { return abr.Power{Known: true, Level: 0.05, Saver: true}, -1 }}).Select(in)
	if low.Level >= full.Level {
		t.Errorf("on a low battery in saver mode the engine chose level %d (%s), on mains %d (%s)", low.Level, low.Reason, full.Level, full.Reason)
	}
	// ... and says so in the decision's caps, in people's levels; on mains nothing is capped.
	if len(low.Caps) != 1 || low.Caps[0].Reason != CapBattery || low.Caps[0].Level != low.Level+1 || low.Caps[0].Note == "" || len(full.Caps) != 0 {
		t.Errorf("caps on a low battery %+v (level %d), on mains %+v", low.Caps, low.Level, full.Caps)
	}
	// Decoding too slow for the upper levels is a CPU cap.
	in.DecodeTime, in.Decode = 0, []DecodeStats{{Frames: 100, MeanFrame: 30 * time.Millisecond}, {}, {}}
	pol3, _ := abr.New("smoothie")
	slow := FromABR(pol3).Select(in)
	if len(slow.Caps) != 1 || slow.Caps[0].Reason != CapCPU || slow.Caps[0].Level != 1 {
		t.Errorf("caps with 30 ms decode at the lowest level of 40 ms frames: %+v (%s)", slow.Caps, slow.Reason)
	}
}

func TestCapLevel(t *testing.T) {
	for _, c := range []struct {
		caps []Cap
		lvl  int
		why  string
	}{
		{nil, 0, ""},
		{[]Cap{{Level: 3, Reason: CapCPU}}, 3, CapCPU},
		{[]Cap{{Level: 3, Reason: CapCPU}, {Level: 2, Reason: CapBattery}}, 2, CapBattery},
		{[]Cap{{Level: 2, Reason: CapWindow}, {Level: 4, Reason: CapCPU}}, 2, CapWindow},
	} {
		if lvl, why := (TrackStats{Caps: c.caps}).CapLevel(); lvl != c.lvl || why != c.why {
			t.Errorf("CapLevel(%+v) = %d %q, want %d %q", c.caps, lvl, why, c.lvl, c.why)
		}
	}
}
