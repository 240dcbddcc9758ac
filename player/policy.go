package player

import (
	"fmt"
	"time"

	"github.com/smoothie-player/smoothie/abr"
)

// Policy chooses the level of the next video fragment: abr's engines (abr.New) plug
// in here, the same code the simulator runs. The session fills abr.Input from what it
// knows (ladder, buffer, the meter's transfers and estimate, decode timings, the
// device's power and CPU load, the window cap, the pin) and applies the decision.
type Policy = abr.Policy

// Meter is the session's one bandwidth meter (abr.Meter): every transfer is fed to
// it, the policy decides with its transfers and its estimate, and Stats.Throughput,
// the TUI, the headless line and stats-json show that same estimate.
type Meter interface {
	Observe(t abr.Transfer)
	// Snapshot returns the recent transfers, oldest first, and the estimate over
	// them in bits/s (0 while unknown).
	Snapshot() ([]abr.Transfer, float64)
	Estimate() float64
}

// Level describes one level of a track's ladder (sorted by bitrate, lowest first).
type Level struct {
	Bitrate       int64 // bits/s
	Width, Height int
	// Codec is the decoder family, e.g. "h264", "aac" (empty: unknown).
	Codec string
}

// ladderOf is the policy's view of a ladder; fps is known once a frame was decoded.
func ladderOf(levels []Level, frame time.Duration) abr.Ladder {
	fps := 0.0
	if frame > 0 {
		fps = float64(time.Second) / float64(frame)
	}
	l := make(abr.Ladder, len(levels))
	for i, v := range levels {
		l[i] = abr.Level{Bitrate: int(v.Bitrate), Width: v.Width, Height: v.Height, FPS: fps}
	}
	return l
}

// afterFailures keeps a decision from climbing away from failing downloads, which
// the engine does not see (it sees transfers, and failed ones are none): after a
// failed download at the current level it does not go up, after two it goes one
// level down. A pin is left alone.
func afterFailures(in abr.Input, failures int, d abr.Decision) abr.Decision {
	if in.Pinned || in.Current < 0 || failures == 0 {
		return d
	}
	switch {
	case failures >= 2 && in.Current > 0 && d.Level >= in.Current:
		d.Level, d.Reason = in.Current-1, fmt.Sprintf("down a level after %d failed downloads", failures)
	case d.Level > in.Current:
		d.Level, d.Reason = in.Current, "held: a download at this level just failed"
	}
	return d
}

// levelExclusion is how long a level whose download failed every attempt is left
// out of the automatic choice (ExoPlayer excludes a failing track for 60 s too):
// a level an origin cannot serve is not asked for again fragment after fragment.
const levelExclusion = time.Minute

// excludeFailed moves a decision off levels left out at now (excluded holds until
// when, per level), to the highest level below that is not; a pin is left alone.
func excludeFailed(in abr.Input, excluded []time.Time, now time.Time, d abr.Decision) abr.Decision {
	if in.Pinned || d.Level >= len(excluded) || !now.Before(excluded[d.Level]) {
		return d
	}
	from := d.Level
	for d.Level > 0 && now.Before(excluded[d.Level]) {
		d.Level--
	}
	d.Reason = fmt.Sprintf("level %d left out for %.0f s more (auto: %s)", from+1, excluded[from].Sub(now).Seconds(), d.Reason)
	return d
}

// capsOf are the proposals of capping rules that hold a ladder of n levels below its
// top, in people's levels.
func capsOf(props []abr.Proposal, n int) []Cap {
	var out []Cap
	for _, p := range props {
		if why := capReason(p.Rule); why != "" && p.Level >= 0 && p.Level < n-1 {
			out = append(out, Cap{Level: p.Level + 1, Reason: why, Note: p.Note})
		}
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
