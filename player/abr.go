package player

import (
	"fmt"
	"time"

	"github.com/smoothie-player/smoothie/abr"
)

// FromABR makes an abr engine policy (abr.New, one per session) the session's Policy.
func FromABR(p abr.Policy) Policy { return abrPolicy{p: p} }

// ABRSensors feeds device state to an abr policy: Latest gives the power state and
// the system CPU load (0..1, negative unknown) without blocking (abr/sensor.Sampler);
// DecodeBudget overrides the share of a frame interval decoding may use (0: the
// policy's own).
type ABRSensors struct {
	Latest       func() (abr.Power, float64)
	DecodeBudget float64
}

// FromABRWithSensors is FromABR with the device's power and CPU state in every decision.
func FromABRWithSensors(p abr.Policy, s ABRSensors) Policy { return abrPolicy{p: p, sensors: s} }

type abrPolicy struct {
	p       abr.Policy
	sensors ABRSensors
}

// Select implements Policy by translating the input to abr's vocabulary.
func (a abrPolicy) Select(in PolicyInput) Decision {
	ai := toABR(in)
	if a.sensors.Latest != nil {
		ai.Power, ai.CPULoad = a.sensors.Latest()
	}
	ai.DecodeBudget = a.sensors.DecodeBudget
	d := a.p.Select(ai)
	out := Decision{Level: d.Level, Reason: d.Reason, Caps: caps(d.Proposals, len(ai.Ladder))}
	return afterFailures(in, out)
}

// afterFailures keeps a decision from climbing away from failing downloads, which
// the engine does not see (it sees transfers, and failed ones are none): after a
// failed download at the current level it does not go up, after two it goes one
// level down, as the simple policy does. A pin is left alone.
func afterFailures(in PolicyInput, d Decision) Decision {
	if in.Pinned || in.Current < 0 || in.Failures == 0 {
		return d
	}
	switch {
	case in.Failures >= 2 && in.Current > 0 && d.Level >= in.Current:
		d.Level, d.Reason = in.Current-1, fmt.Sprintf("down a level after %d failed downloads", in.Failures)
	case d.Level > in.Current:
		d.Level, d.Reason = in.Current, "held: a download at this level just failed"
	}
	return d
}

// caps are the proposals of capping rules that hold a ladder of n levels below its top.
func caps(props []abr.Proposal, n int) []Cap {
	var out []Cap
	for _, p := range props {
		if why := capReason(p.Rule); why != "" && p.Level >= 0 && p.Level < n-1 {
			out = append(out, Cap{Level: p.Level + 1, Reason: why, Note: p.Note})
		}
	}
	return out
}

// Name is the engine's policy name.
func (a abrPolicy) Name() string { return a.p.Name() }

func toABR(in PolicyInput) abr.Input {
	fps := 0.0
	if in.FrameDuration > 0 {
		fps = float64(time.Second) / float64(in.FrameDuration)
	}
	ladder := make(abr.Ladder, len(in.Levels))
	for i, l := range in.Levels {
		ladder[i] = abr.Level{Bitrate: int(l.Bitrate), Width: l.Width, Height: l.Height, FPS: fps}
	}
	out := abr.Input{
		Now: in.Now, Ladder: ladder, Current: in.Current, Buffer: in.Buffer, MaxBuffer: in.MaxBuffer,
		ChunkDuration: in.ChunkDuration, ChunksLeft: in.ChunksLeft, Stalls: in.Stalls,
		CPULoad: -1, MaxLevel: in.ViewCap - 1, Pinned: in.Pinned, Pin: in.Pin, LiveLatency: in.LiveLatency, LiveTarget: in.LiveTarget,
	}
	for _, t := range in.Transfers {
		out.Transfers = append(out.Transfers, abr.Transfer{Level: t.Level, Audio: t.Audio, Bytes: t.Bytes, TTFB: t.TTFB,
			Duration: t.Duration, ConcurrentBytes: t.ConcurrentBytes, End: t.End})
	}
	for _, d := range in.Decode {
		out.Decode = append(out.Decode, abr.DecodeStats{Frames: d.Frames, Dropped: d.Dropped, MeanFrame: d.MeanFrame})
	}
	if len(out.Decode) == 0 && in.DecodeTime > 0 && in.Current >= 0 {
		out.Decode = make([]abr.DecodeStats, len(ladder))
		out.Decode[in.Current].MeanFrame = in.DecodeTime
	}
	return out
}

// capReason is the Cap reason of an abr engine rule that caps the ladder ("" for
// the rules that choose).
func capReason(rule string) string {
	switch rule {
	case "cpu":
		return CapCPU
	case "battery":
		return CapBattery
	case "cap":
		return CapWindow
	}
	return ""
}
